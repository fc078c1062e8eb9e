Feature: Foreign demands come through a proper channel, protect personal data and are answered promptly
  A provider entity answers foreign authorities only through a channel that binds it (a
  treaty, a CLOUD Act agreement, the e-Evidence Regulation), assesses every cross-border
  production for data protection first, and answers within the deadline its policy sets.

  Scenario: A German order reached the Irish entity under the e-Evidence Regulation
    Given the judge-validated European production order of the example log (DR-2026-0102)
    When the request is audited
    Then safeguard "SG-JUR-02" is met

  Scenario: A Spanish police force wrote directly to the Irish entity
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-JUR-02" is a gap

  Scenario: The record does not say through which channel the order came
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                 | answer  |
      | cross_border.channel | unknown |
    When the request is audited
    Then safeguard "SG-JUR-02" is undetermined

  Scenario: A domestic subpoena raises no question of channel
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-JUR-02" is not applicable

  Scenario: Data protection was assessed before the data went abroad
    Given the judge-validated European production order of the example log (DR-2026-0102)
    When the request is audited
    Then safeguard "SG-INC-01" is met

  Scenario: Data protection was assessed only after processing began
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                                             | answer               |
      | cross_border.data_protection_assessment.performed_at | 2026-09-16T00:00:00Z |
    When the request is audited
    Then safeguard "SG-INC-01" is partially met

  Scenario: Data went abroad without any data-protection assessment
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-INC-01" is a gap

  Scenario: The record does not say whether the transfer was assessed
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                                           | answer  |
      | cross_border.data_protection_assessment.performed | unknown |
    When the request is audited
    Then safeguard "SG-INC-01" is undetermined

  Scenario: A domestic production needs no cross-border assessment
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-INC-01" is not applicable

  Scenario: A subpoena answered within a week
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-INC-02" is met

  Scenario: A police information request answered after 46 days
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-INC-02" is a gap

  Scenario: An emergency request answered within an hour under the organization's own policy
    Given the organization works to the strong example workflow
    And the emergency request of the example log (DR-2026-0104)
    When the request is audited
    Then safeguard "SG-INC-02" is met

  Scenario: The record does not say when the request arrived
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact               | answer  |
      | intake.received_at | unknown |
    When the request is audited
    Then safeguard "SG-INC-02" is undetermined

  Scenario: A request the authority withdrew has no response deadline
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                | answer    |
      | outcome.disposition | withdrawn |
    When the request is audited
    Then safeguard "SG-INC-02" is not applicable
