Feature: Prevention, best practices and capacity-building with the private sector
  The submission asks for prevention built on cooperation between law enforcement
  and the technology sector, a 24/7 channel that can also serve prevention, a
  multilateral repository of best practices administered by UNODC (a question
  for a United Nations treaty only), and a
  recognised role for the private sector in capacity-building and in developing
  standards.

  Scenario Outline: Prevention through cooperation with the technology sector
    Given a jurisdiction that answers:
      | fact                                      | answer        |
      | prevention.private_sector_cooperation     | <cooperation> |
      | prevention.contact_network_for_prevention | <network>     |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-01" is <status>

    Examples:
      | cooperation | network | status       |
      | true        | true    | met          |
      | true        | false   | partial      |
      | false       | unknown | gap          |
      | true        | unknown | undetermined |
      | unknown     | false   | undetermined |

  Scenario Outline: A UN treaty sets up a best-practice repository
    Given a treaty that answers:
      | fact                                | answer       |
      | instrument.un_framework             | true         |
      | prevention.best_practice_repository | <repository> |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-02" is <status>

    Examples:
      | repository       | status       |
      | unodc_repository | met          |
      | other_repository | partial      |
      | none             | gap          |
      | unknown          | undetermined |

  Scenario: A regional treaty is not asked for a repository run by UNODC
    Given a treaty that answers:
      | fact                                | answer |
      | instrument.un_framework             | false  |
      | prevention.best_practice_repository | none   |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-02" is not applicable
    And the finding for "SG-PPP-02" rests on "instrument.un_framework"

  Scenario: A treaty that does not say whether it is a UN instrument leaves the question open
    Given a treaty that answers:
      | fact                                | answer |
      | prevention.best_practice_repository | none   |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-02" is undetermined
    And the finding for "SG-PPP-02" asks "instrument.un_framework"

  Scenario: A national law is not asked for a multilateral repository
    Given a national law that answers:
      | fact                                | answer |
      | prevention.best_practice_repository | none   |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-02" is not applicable
    And the finding for "SG-PPP-02" rests on "instrument_type"

  Scenario Outline: The private sector as a partner in capacity-building and standards
    Given a jurisdiction that answers:
      | fact                                 | answer      |
      | capacity.public_private_partnerships | <ppp>       |
      | capacity.private_sector_in_standards | <standards> |
    When the jurisdiction is checked
    Then safeguard "SG-PPP-03" is <status>

    Examples:
      | ppp     | standards | status       |
      | true    | true      | met          |
      | true    | false     | partial      |
      | false   | true      | partial      |
      | false   | false     | gap          |
      | unknown | false     | undetermined |
