Feature: Each data request was targeted, bounded in time and escalated when sensitive
  The organization answers demands for specific accounts within its account limit, for a
  bounded window of time, and sends sensitive or cross-border demands to counsel and a second
  approver before anything is produced.

  Scenario: A subpoena named one e-mail address
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-03" is met

  Scenario: A geofence warrant was narrowed to two accounts before it was answered
    Given the geofence warrant of the example log (DR-2026-0109)
    When the request is audited
    Then safeguard "SG-SAF-03" is partially met

  Scenario: Forty accounts were produced for one police information request
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-SAF-03" is a gap

  Scenario: The record does not say how many accounts were targeted
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                   | answer  |
      | targets.accounts_count | unknown |
    When the request is audited
    Then safeguard "SG-SAF-03" is undetermined

  Scenario: Nothing was produced for a refused demand
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-SAF-03" is not applicable

  Scenario: Traffic data was asked for a three-month window
    Given the judge-validated European production order of the example log (DR-2026-0102)
    When the request is audited
    Then safeguard "SG-SAF-04" is met

  Scenario: Traffic data was asked for almost three years
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact            | answer     |
      | scope.date_from | 2024-01-01 |
    When the request is audited
    Then safeguard "SG-SAF-04" is partially met

  Scenario: Traffic data was produced without any time window
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact            | answer  |
      | scope.date_from | unknown |
    When the request is audited
    Then safeguard "SG-SAF-04" is a gap

  Scenario: The record does not say what became of the request
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                | answer  |
      | outcome.disposition | unknown |
    When the request is audited
    Then safeguard "SG-SAF-04" is undetermined

  Scenario: Subscriber data needs no time window
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-04" is not applicable

  Scenario: A cross-border order was escalated and approved by two roles
    Given the judge-validated European production order of the example log (DR-2026-0102)
    When the request is audited
    Then safeguard "SG-SAF-13" is met

  Scenario: A cross-border order was escalated but only counsel approved it
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                  | answer          |
      | review.approvals.role | [legal_counsel] |
    When the request is audited
    Then safeguard "SG-SAF-13" is partially met

  Scenario: A foreign demand was answered by one specialist without escalation
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-SAF-13" is a gap

  Scenario: The record does not say who approved an escalated order
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                  | answer  |
      | review.approvals.role | unknown |
    When the request is audited
    Then safeguard "SG-SAF-13" is undetermined

  Scenario: A domestic subpoena for subscriber data needs no escalation
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-SAF-13" is not applicable
