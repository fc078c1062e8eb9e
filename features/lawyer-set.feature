Feature: Edit an answer without losing a comment
  Lawyers annotate their profiles. Changing one answer from the command line must keep every
  comment, every other line and the history of earlier answers, and must never leave a broken
  file behind.

  Background:
    Given the practice catalog of the lawyer's loop
    And a copy of the Ruritania profile

  Scenario: Changing an answer changes that line only
    When the lawyer sets "interception.authorization" to "judicial"
    Then only the line of "interception.authorization" changed
    And the profile answers "interception.authorization" with "judicial"

  Scenario: A citation turns a bare answer into a cited one
    When the lawyer sets "interception.max_days" to "30" citing "Code of Criminal Procedure" article "90quater"
    Then the profile cites "Code of Criminal Procedure" article "90quater" for "interception.max_days"
    And every comment of the profile is still there

  Scenario: A new value given without a citation is said to keep the old one
    When the lawyer sets "interception.exists" to "false"
    Then the profile answers "interception.exists" with "false"
    And the output says "interception.exists still cites Code of Criminal Procedure, art. 90ter [basis not stated], given for the old answer"

  Scenario: A reform adds a dated answer and keeps the old one
    When the lawyer sets "interception.authorization" to "judicial" from 2025-01-01
    Then as of 2024-12-31 the profile answers "interception.authorization" with "prosecutor"
    And as of 2025-01-01 the profile answers "interception.authorization" with "judicial"
    And every comment of the profile is still there

  Scenario: An older text adds an answer before the one in force
    When the lawyer sets "interception.authorization" to "investigating_judge" until 2019-12-31
    Then as of 2019-12-31 the profile answers "interception.authorization" with "investigating_judge"
    And as of 2020-01-01 the profile answers "interception.authorization" with "prosecutor"
    And every comment of the profile is still there

  Scenario: A period already answered is refused at the answer in the way
    When the lawyer sets "research.protection" to "statute" from 2022-01-01 until 2022-12-31
    Then the command exits with status 2
    And the output says "ruritania.yaml:18:7: 'research.protection' already has an answer in force until 2023-02-14"
    And the profile is unchanged

  Scenario Outline: A wrong answer is refused and the profile is left untouched
    When the lawyer sets "<fact>" to "<value>"
    Then the command exits with status 2
    And the output says "<message>"
    And no traceback is shown
    And the profile is unchanged

    Examples:
      | fact                       | value  | message                                |
      | interception.authorization | judge  | 'judge' is not an allowed value        |
      | interception.max_days      | ninety | expects a whole number                 |
      | interception.max_day       | 30     | did you mean 'interception.max_days'?  |
      | research.protected         | true   | derived by the engine                  |

  Scenario: A failed write leaves the profile as it was
    Given the disk refuses to replace files
    When the lawyer sets "interception.max_days" to "30"
    Then the command exits with status 2
    And no traceback is shown
    And the profile is unchanged
