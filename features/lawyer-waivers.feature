Feature: Waivers a reviewer can trust
  A waiver accepts a gap for a while. It must name a safeguard and subject that exist, say why
  and who approved it, and end: a critical safeguard may be waived for at most 90 days, a high
  one for 180, a medium one for 365 and a low one for 730.

  Background:
    Given the practice catalog of the lawyer's loop

  Scenario: A sound waiver file passes, with a warning for what expires soon
    When the sound waiver file is linted on 2026-06-01
    Then the command exits with status 0
    And the output says "warning: the waiver of SG-LAW-03 for RU expires in 19 day(s)"

  Scenario Outline: A faulty waiver is flagged at its line
    Given a waiver of "<safeguard>" for "<subject>" from 2026-01-01 to <expires>, approved by "<approver>" because "<reason>"
    When the waiver is linted on 2026-06-01 against the Ruritania profile
    Then the command exits with status 1
    And the lint flags line <line> with "<problem>"

    Examples:
      | safeguard | subject | expires    | approver | reason          | line | problem                                        |
      | SG-LAW-02 | RU      | 2026-12-31 | J. Doe   | Reform pending. | 8    | a critical safeguard may be waived for at most 90 days |
      | SG-LAW-9  | RU      | 2026-07-01 | J. Doe   | Reform pending. | 3    | unknown safeguard 'SG-LAW-9'                   |
      | SG-LAW-01 | RUR     | 2026-07-01 | J. Doe   | Reform pending. | 4    | unknown subject 'RUR' (did you mean 'RU'?)     |
      | SG-LAW-01 | RU      | 2026-07-01 |          | Reform pending. | 6    | has no approver                                |
      | SG-LAW-01 | RU      | 2026-07-01 | J. Doe   | TODO            | 5    | placeholder justification                      |
      | SG-LAW-01 | RU      | 2026-05-01 | J. Doe   | Reform pending. | 8    | expired on 2026-05-01                          |

  Scenario: The report warns of a waiver about to expire
    When Ruritania is checked with the sound waiver file on 2026-06-01
    Then the report says "SG-LAW-03"
    And the report says "expires within 30 days"

  Scenario Outline: Every CI format shows the waiver about to expire at its line
    When Ruritania is checked with the sound waiver file on 2026-06-01 in the <format> format
    Then the <format> output flags line 9 of the waiver file as a <level>: "expires within 30 days"

    Examples:
      | format | level   |
      | github | warning |
      | sarif  | warning |
      | gitlab | minor   |
      | junit  | skipped |

  Scenario: The waivers of profiles not checked are named once, so a check of one profile stays short
    Given a waiver of "SG-LAW-01" for "ZZ" from 2026-05-01 to 2026-07-15, approved by "J. Doe" because "Reform pending."
    When Ruritania is checked with that waiver file on 2026-06-01
    Then the report says "Waivers of subjects not checked here, so unused: ZZ (1)"
    And the report does not say "Waiver SG-LAW-01 for ZZ"
