Feature: Each data request the organization answered was reviewed, authorized and grounded
  A compliance officer audits the organization's log of government demands for user data.
  Every record is judged on its own facts: who authorized the demand, on what grounds, under
  which legal process, and whether the data produced stayed within what was asked. A demand the
  organization correctly refused meets the safeguards it would otherwise have broken.

  Scenario: A judge validated the European production order for traffic data
    Given the judge-validated European production order of the example log (DR-2026-0102)
    When the request is audited
    Then safeguard "SG-SAF-01" is met

  Scenario: Traffic data went to a foreign police force that no judge had involved
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-SAF-01" is a gap

  Scenario: The record does not say who authorized a demand for traffic data
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                      | answer  |
      | authorization.issuer_type | unknown |
    When the request is audited
    Then safeguard "SG-SAF-01" is undetermined
    And the finding for "SG-SAF-01" asks "authorization.issuer_type"

  Scenario: A subpoena for subscriber data needs no judge
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-01" is not applicable

  Scenario: The subpoena cited its legal basis, its grounds and the crime
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-02" is met

  Scenario: A demand without grounds that the organization rejected meets the safeguard
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-SAF-02" is met

  Scenario: A demand citing a law but stating no grounds was answered anyway
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                        | answer |
      | legal_basis.grounds_stated  | false  |
    When the request is audited
    Then safeguard "SG-SAF-02" is partially met

  Scenario: A demand with no legal basis at all was answered
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-SAF-02" is a gap

  Scenario: The record does not say whether grounds were stated
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                        | answer  |
      | legal_basis.grounds_stated  | unknown |
    When the request is audited
    Then safeguard "SG-SAF-02" is undetermined

  Scenario: A subpoena obtained only subscriber data
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-11" is met

  Scenario: A police information request obtained traffic data
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-SAF-11" is a gap

  Scenario: The record does not say which tiers were produced
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                   | answer  |
      | outcome.tiers_produced | unknown |
    When the request is audited
    Then safeguard "SG-SAF-11" is undetermined

  Scenario: Nothing was produced for a rejected demand
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-SAF-11" is not applicable
    And safeguard "SG-SAF-12" is not applicable

  Scenario: Only the categories requested were produced
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-12" is met

  Scenario: Private content was produced although only subscriber data was asked for
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                        | answer                                                                   |
      | outcome.categories_produced | [user.name, user.contact.email, user.device.ip_address, user.content.private] |
    When the request is audited
    Then safeguard "SG-SAF-12" is a gap

  Scenario: The record does not list the categories produced
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                        | answer  |
      | outcome.categories_produced | unknown |
    When the request is audited
    Then safeguard "SG-SAF-12" is undetermined

  Scenario: An emergency disclosure followed up by legal process
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact                          | answer       |
      | emergency.followup_request_id | DR-2026-0111 |
    When the request is audited
    Then safeguard "SG-SAF-14" is met

  Scenario: A justified emergency disclosure whose follow-up is overdue
    Given the emergency request of the example log (DR-2026-0104)
    When the request is audited
    Then safeguard "SG-SAF-14" is partially met

  Scenario: An emergency disclosure without an imminent risk
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact                     | answer |
      | emergency.imminent_risk  | false  |
    When the request is audited
    Then safeguard "SG-SAF-14" is a gap

  Scenario: The record does not say whether the emergency was a risk to life
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact                     | answer  |
      | emergency.imminent_risk  | unknown |
    When the request is audited
    Then safeguard "SG-SAF-14" is undetermined

  Scenario: An ordinary subpoena is no emergency
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-14" is not applicable
