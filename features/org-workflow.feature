Feature: The organization's written procedure for government demands
  A compliance officer describes the procedure once: its steps in order, its policy and what
  it publishes. The strong example workflow meets every safeguard; each scenario changes one
  answer to show what the safeguard asks of the procedure.

  Background:
    Given the strong example workflow

  Scenario: The strong example workflow meets every organization safeguard
    When the workflow is checked
    Then safeguard "SG-SAF-01" is met
    And safeguard "SG-SAF-02" is met
    And safeguard "SG-SAF-03" is met
    And safeguard "SG-SAF-04" is met
    And safeguard "SG-SAF-13" is met
    And safeguard "SG-BIO-01" is met
    And safeguard "SG-RTI-01" is met
    And safeguard "SG-RTI-03" is met
    And safeguard "SG-TRA-15" is met
    And safeguard "SG-PRE-01" is met
    And safeguard "SG-INC-01" is met
    And safeguard "SG-INC-03" is met
    And safeguard "SG-TRA-11" is met
    And safeguard "SG-TRA-13" is met
    And safeguard "SG-TRA-14" is met
    And safeguard "SG-FOR-01" is met
    And safeguard "SG-PPP-01" is met
    And safeguard "SG-RES-11" is met

  Scenario: Counsel reviews demands, but the organization does not commit to push back
    Given the workflow answers:
      | fact                          | answer |
      | published.pushback_commitment | false  |
    When the workflow is checked
    Then safeguard "SG-SAF-01" is partially met

  Scenario: The response team reviews its own demands
    Given the workflow answers:
      | fact                    | answer                 |
      | steps.legal_review.role | le_response_specialist |
    When the workflow is checked
    Then safeguard "SG-SAF-01" is a gap

  Scenario: The procedure does not place the legal review
    Given the workflow answers:
      | fact                     | answer  |
      | steps.legal_review.order | unknown |
    When the workflow is checked
    Then safeguard "SG-SAF-01" is undetermined

  Scenario: The legal review never weighs necessity and proportionality
    Given the workflow answers:
      | fact                      | answer                     |
      | steps.legal_review.checks | [legal_sufficiency, scope] |
    When the workflow is checked
    Then safeguard "SG-SAF-02" is partially met

  Scenario: The legal review looks only at the scope
    Given the workflow answers:
      | fact                      | answer  |
      | steps.legal_review.checks | [scope] |
    When the workflow is checked
    Then safeguard "SG-SAF-02" is a gap

  Scenario: The procedure does not say what the legal review checks
    Given the workflow answers:
      | fact                      | answer  |
      | steps.legal_review.checks | unknown |
    When the workflow is checked
    Then safeguard "SG-SAF-02" is undetermined

  Scenario: Production extracts the minimum, but fifty accounts may be targeted
    Given the workflow answers:
      | fact                         | answer |
      | policy.account_limit.default | 50     |
    When the workflow is checked
    Then safeguard "SG-SAF-03" is partially met

  Scenario: Neither an account limit nor minimal extraction
    Given the workflow answers:
      | fact                         | answer            |
      | policy.account_limit.default | 50                |
      | steps.production.actions     | [secure_transfer] |
    When the workflow is checked
    Then safeguard "SG-SAF-03" is a gap

  Scenario: The procedure does not say how data is extracted
    Given the workflow answers:
      | fact                     | answer  |
      | steps.production.actions | unknown |
    When the workflow is checked
    Then safeguard "SG-SAF-03" is undetermined

  Scenario: Time windows of up to two years
    Given the workflow answers:
      | fact                       | answer |
      | policy.max_date_range_days | 700    |
    When the workflow is checked
    Then safeguard "SG-SAF-04" is partially met

  Scenario: Time windows of three years
    Given the workflow answers:
      | fact                       | answer |
      | policy.max_date_range_days | 1095   |
    When the workflow is checked
    Then safeguard "SG-SAF-04" is a gap

  Scenario: No limit on time windows is written down
    Given the workflow answers:
      | fact                       | answer  |
      | policy.max_date_range_days | unknown |
    When the workflow is checked
    Then safeguard "SG-SAF-04" is undetermined

  Scenario: Two approvers, but location demands are not escalated
    Given the workflow answers:
      | fact                     | answer    |
      | steps.triage.escalate_when | [content] |
    When the workflow is checked
    Then safeguard "SG-SAF-13" is partially met

  Scenario: One approver is enough even for escalated demands
    Given the workflow answers:
      | fact                                          | answer |
      | steps.approval.min_distinct_approvers.escalated | 1      |
    When the workflow is checked
    Then safeguard "SG-SAF-13" is a gap

  Scenario: The procedure does not say how many people approve
    Given the workflow answers:
      | fact                                          | answer  |
      | steps.approval.min_distinct_approvers.escalated | unknown |
    When the workflow is checked
    Then safeguard "SG-SAF-13" is undetermined

  Scenario: Biometric demands are escalated but need only a senior approval
    Given the workflow answers:
      | fact                                  | answer          |
      | steps.biometric_gate.requires_artifact | senior_approval |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is partially met

  Scenario: The gate stops biometric demands only, not health or children's data
    Given the workflow answers:
      | fact                        | answer      |
      | steps.biometric_gate.covers | [biometric] |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is partially met

  Scenario: The procedure does not say which sensitive data the gate covers
    Given the workflow answers:
      | fact                        | answer  |
      | steps.biometric_gate.covers | unknown |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is undetermined

  Scenario: Biometric data is handled like any other data
    Given the workflow answers:
      | fact                                  | answer             |
      | steps.triage.escalate_when            | [content, location] |
      | steps.biometric_gate.requires_artifact | none               |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is a gap

  Scenario: The procedure does not list what triggers escalation
    Given the workflow answers:
      | fact                       | answer  |
      | steps.triage.escalate_when | unknown |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is undetermined

  Scenario: Real-time measures need a judge, but may run for half a year
    Given the workflow answers:
      | fact                  | answer |
      | policy.real_time.max_days | 180 |
    When the workflow is checked
    Then safeguard "SG-RTI-01" is partially met

  Scenario: Real-time measures need no judge
    Given the workflow answers:
      | fact                                           | answer |
      | policy.real_time.requires_judicial_authorization | false  |
    When the workflow is checked
    Then safeguard "SG-RTI-01" is a gap

  Scenario: The policy gives no maximum length for real-time measures
    Given the workflow answers:
      | fact                      | answer  |
      | policy.real_time.max_days | unknown |
    When the workflow is checked
    Then safeguard "SG-RTI-01" is undetermined

  Scenario: Confidentiality demands need a legal basis but are reviewed only yearly
    Given the workflow answers:
      | fact                                          | answer |
      | policy.confidentiality.max_days_without_review | 365    |
    When the workflow is checked
    Then safeguard "SG-TRA-15" is partially met

  Scenario: Gag orders without an end date are never challenged
    Given the workflow answers:
      | fact                                      | answer |
      | policy.confidentiality.challenge_indefinite | false  |
    When the workflow is checked
    Then safeguard "SG-TRA-15" is partially met

  Scenario: Any demand for confidentiality is obeyed
    Given the workflow answers:
      | fact                                       | answer |
      | policy.confidentiality.requires_legal_basis | false  |
    When the workflow is checked
    Then safeguard "SG-TRA-15" is a gap

  Scenario: The policy is silent on confidentiality
    Given the workflow answers:
      | fact                                       | answer  |
      | policy.confidentiality.requires_legal_basis | unknown |
    When the workflow is checked
    Then safeguard "SG-TRA-15" is undetermined

  Scenario: Notice is deferred only where a statute forbids it, not under a court's confidentiality order
    Given the workflow answers:
      | fact                    | answer                                    |
      | policy.notice.exceptions | [statutory_prohibition, emergency]       |
    When the workflow is checked
    Then safeguard "SG-RTI-03" is partially met

  Scenario: The procedure would tell the user despite a lawful confidentiality order
    Given the workflow answers:
      | fact                    | answer      |
      | policy.notice.exceptions | [emergency] |
    When the workflow is checked
    Then safeguard "SG-RTI-03" is a gap

  Scenario: A procedure that never tells users keeps every confidentiality order
    Given the weak example workflow
    When the workflow is checked
    Then safeguard "SG-RTI-03" is met
    And safeguard "SG-TRA-11" is a gap

  Scenario: The procedure does not list the exceptions to user notice
    Given the workflow answers:
      | fact                    | answer  |
      | policy.notice.exceptions | unknown |
    When the workflow is checked
    Then safeguard "SG-RTI-03" is undetermined

  Scenario: Preserved data needs follow-up process, but is kept for a year
    Given the workflow answers:
      | fact                         | answer |
      | policy.preservation.max_days | 365    |
    When the workflow is checked
    Then safeguard "SG-PRE-01" is partially met

  Scenario: Preserved data may be disclosed without follow-up process
    Given the workflow answers:
      | fact                                             | answer |
      | policy.preservation.disclosure_requires_follow_up | false  |
    When the workflow is checked
    Then safeguard "SG-PRE-01" is a gap

  Scenario: The policy is silent on preservation
    Given the workflow answers:
      | fact                                             | answer  |
      | policy.preservation.disclosure_requires_follow_up | unknown |
    When the workflow is checked
    Then safeguard "SG-PRE-01" is undetermined

  Scenario: Cross-border productions are assessed, but conflicts are not challenged
    Given the workflow answers:
      | fact                                | answer |
      | policy.cross_border.challenge_conflicts | false |
    When the workflow is checked
    Then safeguard "SG-INC-01" is partially met

  Scenario: Cross-border productions are not assessed
    Given the workflow answers:
      | fact                                        | answer |
      | policy.cross_border.data_protection_assessment | false |
    When the workflow is checked
    Then safeguard "SG-INC-01" is a gap

  Scenario: The policy is silent on cross-border assessments
    Given the workflow answers:
      | fact                                        | answer  |
      | policy.cross_border.data_protection_assessment | unknown |
    When the workflow is checked
    Then safeguard "SG-INC-01" is undetermined

  Scenario: A 24/7 contact, but emergencies may wait two days
    Given the workflow answers:
      | fact                                              | answer |
      | policy.deadlines_hours.emergency_disclosure_request | 48     |
    When the workflow is checked
    Then safeguard "SG-INC-03" is partially met

  Scenario: No one can be reached at night
    Given the workflow answers:
      | fact                    | answer |
      | prevention.contact_24_7 | false  |
    When the workflow is checked
    Then safeguard "SG-INC-03" is a gap

  Scenario: The procedure does not say whether there is a 24/7 contact
    Given the workflow answers:
      | fact                    | answer  |
      | prevention.contact_24_7 | unknown |
    When the workflow is checked
    Then safeguard "SG-INC-03" is undetermined

  Scenario: Users are told only after their data is disclosed
    Given the workflow answers:
      | fact                 | answer           |
      | policy.notice.policy | after_disclosure |
    When the workflow is checked
    Then safeguard "SG-TRA-11" is partially met

  Scenario: Users are never told
    Given the workflow answers:
      | fact                 | answer |
      | policy.notice.policy | none   |
    When the workflow is checked
    Then safeguard "SG-TRA-11" is a gap

  Scenario: The policy is silent on notifying users
    Given the workflow answers:
      | fact                 | answer  |
      | policy.notice.policy | unknown |
    When the workflow is checked
    Then safeguard "SG-TRA-11" is undetermined

  Scenario: The guidelines leave out demands from foreign authorities
    Given the workflow answers:
      | fact                      | answer |
      | published.process_foreign | false  |
    When the workflow is checked
    Then safeguard "SG-TRA-13" is partially met

  Scenario: No law-enforcement guidelines are published
    Given the workflow answers:
      | fact                           | answer |
      | published.guidelines_published | false  |
    When the workflow is checked
    Then safeguard "SG-TRA-13" is a gap

  Scenario: The workflow does not say whether foreign demands are explained
    Given the workflow answers:
      | fact                      | answer  |
      | published.process_foreign | unknown |
    When the workflow is checked
    Then safeguard "SG-TRA-13" is undetermined

  Scenario: A yearly report without the crimes investigated or the purpose
    Given the workflow answers:
      | fact                            | answer                   |
      | policy.transparency.breakdowns  | [country, legal_process] |
    When the workflow is checked
    Then safeguard "SG-TRA-14" is partially met

  Scenario: No transparency report is published
    Given the workflow answers:
      | fact                          | answer |
      | policy.transparency.published | false  |
    When the workflow is checked
    Then safeguard "SG-TRA-14" is a gap

  Scenario: The workflow does not say how often the report is published
    Given the workflow answers:
      | fact                                 | answer  |
      | policy.transparency.frequency_months | unknown |
    When the workflow is checked
    Then safeguard "SG-TRA-14" is undetermined

  Scenario: Courts have a contact point but no committed response time
    Given the workflow answers:
      | fact                       | answer |
      | expertise.response_days    | 90     |
    When the workflow is checked
    Then safeguard "SG-FOR-01" is partially met

  Scenario: Courts have no documented way to ask for forensic expertise
    Given the workflow answers:
      | fact                           | answer |
      | expertise.procedure_documented | false  |
    When the workflow is checked
    Then safeguard "SG-FOR-01" is a gap

  Scenario: The workflow does not say whether there is a contact point for expertise
    Given the workflow answers:
      | fact                    | answer  |
      | expertise.contact_point | unknown |
    When the workflow is checked
    Then safeguard "SG-FOR-01" is undetermined

  Scenario: Threat information is shared with personal data left in
    Given the workflow answers:
      | fact                                  | answer |
      | prevention.sharing_privacy_safeguards | false  |
    When the workflow is checked
    Then safeguard "SG-PPP-01" is partially met

  Scenario: The organization shares no threat information
    Given the workflow answers:
      | fact                                  | answer |
      | prevention.threat_information_sharing | false  |
    When the workflow is checked
    Then safeguard "SG-PPP-01" is a gap

  Scenario: The workflow is silent on threat information
    Given the workflow answers:
      | fact                                  | answer  |
      | prevention.threat_information_sharing | unknown |
    When the workflow is checked
    Then safeguard "SG-PPP-01" is undetermined

  Scenario: A disclosure policy without a safe harbour
    Given the workflow answers:
      | fact                    | answer |
      | research.vdp.safe_harbor | false  |
    When the workflow is checked
    Then safeguard "SG-RES-11" is partially met

  Scenario: No vulnerability disclosure policy
    Given the workflow answers:
      | fact                   | answer |
      | research.vdp.published | false  |
    When the workflow is checked
    Then safeguard "SG-RES-11" is a gap

  Scenario: The workflow does not say whether a disclosure policy is published
    Given the workflow answers:
      | fact                   | answer  |
      | research.vdp.published | unknown |
    When the workflow is checked
    Then safeguard "SG-RES-11" is undetermined

  Scenario: The weak example workflow leaves most safeguards unmet
    Given the weak example workflow
    When the workflow is checked
    Then safeguard "SG-SAF-01" is a gap
    And safeguard "SG-BIO-01" is a gap
    And safeguard "SG-TRA-14" is a gap
