Feature: Biometric data, real-time access, preservation and confidentiality are handled with care
  The submission asks for an additional court order before biometric or other sensitive data
  (health, genetic and other special-category data, children's data) is processed,
  strict limits on real-time access to traffic data, expedited but bounded preservation, and
  confidentiality of preservation and interception (kept while a lawful order runs). Being
  transparent with users, the organization keeps quiet only under lawful, limited gag orders.
  Each request record is checked for them.

  Scenario: A separate court order for a voiceprint came before processing
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                         | answer      |
      | biometric_order.present      | true        |
      | biometric_order.issuer_type  | judge       |
      | biometric_order.reference    | BIO-26/0042 |
      | biometric_order.issued_at    | 2026-10-20  |
    When the request is audited
    Then safeguard "SG-BIO-01" is met

  Scenario: The additional court order came only after processing began
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                         | answer      |
      | biometric_order.present      | true        |
      | biometric_order.issuer_type  | judge       |
      | biometric_order.reference    | BIO-26/0042 |
      | biometric_order.issued_at    | 2026-10-25  |
    When the request is audited
    Then safeguard "SG-BIO-01" is partially met

  Scenario: A voiceprint was processed without an additional court order
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    When the request is audited
    Then safeguard "SG-BIO-01" is a gap

  Scenario: A demand for a voiceprint that the organization refused
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                | answer   |
      | outcome.disposition | rejected |
    When the request is audited
    Then safeguard "SG-BIO-01" is met

  Scenario: The record does not say when the additional order was issued
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                         | answer      |
      | biometric_order.present      | true        |
      | biometric_order.issuer_type  | judge       |
      | biometric_order.reference    | BIO-26/0042 |
    When the request is audited
    Then safeguard "SG-BIO-01" is undetermined

  Scenario: Health data were produced without an additional court order
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                        | answer                   |
      | data.categories_requested   | [user.health, user.name] |
    When the request is audited
    Then safeguard "SG-BIO-01" is a gap

  Scenario: A separate court order for a child's data came before processing
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                         | answer                     |
      | data.categories_requested    | [user.children, user.name] |
      | biometric_order.present      | true                       |
      | biometric_order.issuer_type  | judge                      |
      | biometric_order.reference    | CH-26/0007                 |
      | biometric_order.issued_at    | 2026-10-20                 |
    When the request is audited
    Then safeguard "SG-BIO-01" is met

  Scenario: A subpoena for subscriber data involves no biometric or other sensitive data
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-BIO-01" is not applicable

  Scenario: A direct real-time demand without a treaty basis was refused
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-RTI-01" is met

  Scenario: Real-time access under a treaty and a judge's order, but with no end date
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                      | answer        |
      | outcome.disposition       | produced_full |
      | authorization.issuer_type | judge         |
      | real_time.basis_kind      | mlat          |
    When the request is audited
    Then safeguard "SG-RTI-01" is partially met

  Scenario: Real-time access given to a foreign police force on its own law
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                | answer        |
      | outcome.disposition | produced_full |
    When the request is audited
    Then safeguard "SG-RTI-01" is a gap

  Scenario: The record does not give the legal basis of the real-time measure
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                       | answer               |
      | outcome.disposition        | produced_full        |
      | authorization.issuer_type  | judge                |
      | real_time.authorized_from  | 2026-10-28T00:00:00Z |
      | real_time.authorized_until | 2026-11-10T00:00:00Z |
      | real_time.basis_kind       | unknown              |
    When the request is audited
    Then safeguard "SG-RTI-01" is undetermined

  Scenario: Stored data is no real-time access
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-RTI-01" is not applicable

  Scenario: Data preserved within four hours for ninety days
    Given the preservation request of the example log (DR-2026-0106)
    When the request is audited
    Then safeguard "SG-PRE-01" is met

  Scenario: Data preserved only after two days
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                     | answer               |
      | preservation.preserved_at | 2026-10-16T10:00:00Z |
    When the request is audited
    Then safeguard "SG-PRE-01" is partially met

  Scenario: Preserved data was disclosed before any production order arrived
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                                   | answer |
      | preservation.disclosed_before_follow_up | true   |
    When the request is audited
    Then safeguard "SG-PRE-01" is a gap

  Scenario: The record does not say when the data was preserved
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                      | answer  |
      | preservation.preserved_at | unknown |
    When the request is audited
    Then safeguard "SG-PRE-01" is undetermined

  Scenario: A disclosure request is no preservation
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-PRE-01" is not applicable

  Scenario: A court's non-disclosure order of 180 days was honoured
    Given the overseas production order for content of the example log (DR-2026-0105)
    When the request is audited
    Then safeguard "SG-TRA-15" is met

  Scenario: A court's non-disclosure order runs for a whole year
    Given the search warrant for content of the example log (DR-2026-0103)
    When the request is audited
    Then safeguard "SG-TRA-15" is partially met

  Scenario: A police request not to tell the user, without legal force, was obeyed
    Given the search warrant for content of the example log (DR-2026-0103)
    And the request answers:
      | fact                 | answer            |
      | confidentiality.type | authority_request |
    When the request is audited
    Then safeguard "SG-TRA-15" is a gap

  Scenario: The record does not say what kind of confidentiality was demanded
    Given the search warrant for content of the example log (DR-2026-0103)
    And the request answers:
      | fact                 | answer  |
      | confidentiality.type | unknown |
    When the request is audited
    Then safeguard "SG-TRA-15" is undetermined

  Scenario: No confidentiality was demanded
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-TRA-15" is not applicable

  Scenario: A court's confidentiality order on a preservation was kept while it ran
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                        | answer      |
      | confidentiality.present     | true        |
      | confidentiality.type        | court_order |
      | confidentiality.issued_at   | 2026-10-14  |
      | confidentiality.expires_at  | 2027-01-12  |
    When the request is audited
    Then safeguard "SG-PRE-03" is met

  Scenario: The user was told of a preservation while a court's confidentiality order ran
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                        | answer               |
      | confidentiality.present     | true                 |
      | confidentiality.type        | court_order          |
      | confidentiality.issued_at   | 2026-10-14           |
      | confidentiality.expires_at  | 2027-01-12           |
      | notice.status               | sent                 |
      | notice.sent_at              | 2026-10-20T09:00:00Z |
    When the request is audited
    Then safeguard "SG-PRE-03" is a gap

  Scenario: The record does not say when the confidentiality order on a preservation began
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                        | answer               |
      | confidentiality.present     | true                 |
      | confidentiality.type        | statutory            |
      | notice.status               | sent                 |
      | notice.sent_at              | 2026-10-20T09:00:00Z |
    When the request is audited
    Then safeguard "SG-PRE-03" is undetermined

  Scenario: A police request not to tell the user is no lawful confidentiality of the preservation
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                    | answer            |
      | confidentiality.present | true              |
      | confidentiality.type    | authority_request |
    When the request is audited
    Then safeguard "SG-PRE-03" is not applicable

  Scenario: A court's confidentiality order on real-time collection was kept while it ran
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                        | answer      |
      | confidentiality.present     | true        |
      | confidentiality.type        | court_order |
      | confidentiality.issued_at   | 2026-10-27  |
      | confidentiality.expires_at  | 2027-01-27  |
    When the request is audited
    Then safeguard "SG-RTI-03" is met

  Scenario: The user was told of real-time collection while a court's confidentiality order ran
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                        | answer               |
      | confidentiality.present     | true                 |
      | confidentiality.type        | court_order          |
      | confidentiality.issued_at   | 2026-10-27           |
      | confidentiality.expires_at  | 2027-01-27           |
      | notice.status               | sent                 |
      | notice.sent_at              | 2026-11-02T09:00:00Z |
    When the request is audited
    Then safeguard "SG-RTI-03" is a gap

  Scenario: The record does not say when the confidentiality order on real-time collection ends
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                        | answer               |
      | confidentiality.present     | true                 |
      | confidentiality.type        | court_order          |
      | confidentiality.issued_at   | 2026-10-27           |
      | notice.status               | sent                 |
      | notice.sent_at              | 2026-11-02T09:00:00Z |
    When the request is audited
    Then safeguard "SG-RTI-03" is undetermined

  Scenario: Real-time collection without any confidentiality order
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-RTI-03" is not applicable
