Feature: Transparency and accountability on data requests
  The submission asks governments to be transparent and accountable about the data
  they request from private organisations, the crimes investigated and the purpose
  of the requests, and asks private organisations to be transparent with their
  users. For a jurisdiction this means published statistics on the data requested,
  the crimes and the purpose, an independent overseer, a law that lets providers
  speak about the requests they receive, and confidentiality duties on providers
  that end, so that users can eventually be told.

  Scenario Outline: The government publishes statistics on the data requested, the crimes and the purpose
    Given a jurisdiction that answers:
      | fact                                           | answer     |
      | transparency.request_statistics.coverage       | <coverage> |
      | transparency.request_statistics.data_requested | <data>     |
      | transparency.request_statistics.offences       | <crimes>   |
      | transparency.request_statistics.purpose        | <purpose>  |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-01" is <status>

    Examples:
      | coverage             | data    | crimes  | purpose | status       |
      | all_intrusive_powers | true    | true    | true    | met          |
      | all_intrusive_powers | false   | true    | true    | partial      |
      | all_intrusive_powers | true    | true    | false   | partial      |
      | all_intrusive_powers | true    | false   | unknown | partial      |
      | some_powers          | true    | true    | true    | partial      |
      | some_powers          | unknown | unknown | unknown | partial      |
      | none                 | unknown | unknown | unknown | gap          |
      | all_intrusive_powers | true    | true    | unknown | undetermined |
      | unknown              | true    | true    | true    | undetermined |

  Scenario: Statistics for all powers whose breakdown is unknown leave the finding open
    Given a national law that answers:
      | fact                                     | answer               |
      | transparency.request_statistics.coverage | all_intrusive_powers |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-01" is undetermined
    And the finding for "SG-TRA-01" asks "transparency.request_statistics.data_requested"

  Scenario Outline: An independent body oversees investigative powers
    Given a jurisdiction that answers:
      | fact                        | answer |
      | transparency.oversight_body | <body> |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-02" is <status>

    Examples:
      | body                               | status       |
      | independent_with_public_reports    | met          |
      | independent_without_public_reports | partial      |
      | none                               | gap          |
      | unknown                            | undetermined |

  Scenario Outline: Providers may tell users and the public about government requests
    Given a jurisdiction that answers:
      | fact                             | answer       |
      | transparency.provider_disclosure | <disclosure> |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-03" is <status>

    Examples:
      | disclosure                   | status       |
      | permitted                    | met          |
      | restricted_for_some_requests | partial      |
      | prohibited                   | gap          |
      | unknown                      | undetermined |

  Scenario Outline: Confidentiality duties on providers end, or a court can lift them
    Given a jurisdiction that answers:
      | fact                                      | answer         |
      | preservation.confidentiality.required     | <p_required>   |
      | preservation.confidentiality.time_limited | <p_limited>    |
      | interception.confidentiality.required     | <i_required>   |
      | interception.confidentiality.time_limited | <i_limited>    |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-04" is <status>

    Examples:
      | p_required | p_limited | i_required | i_limited | status         |
      | true       | true      | true       | true      | met            |
      | true       | true      | false      | unknown   | met            |
      | true       | true      | true       | false     | partial        |
      | true       | false     | true       | false     | gap            |
      | true       | true      | true       | unknown   | undetermined   |
      | false      | unknown   | false      | unknown   | not applicable |
      | unknown    | unknown   | unknown    | unknown   | undetermined   |

  Scenario: A treaty that limits the secrecy of preservation but not of interception partly meets the safeguard
    Given a treaty that answers:
      | fact                                      | answer |
      | preservation.confidentiality.required     | true   |
      | preservation.confidentiality.time_limited | true   |
      | interception.confidentiality.required     | true   |
      | interception.confidentiality.time_limited | false  |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-04" is partial
    And the finding for "SG-TRA-04" rests on "interception.confidentiality.time_limited"

  Scenario Outline: An organization's transparency report is yearly, machine-readable and broken down
    Given the strong example workflow
    And the workflow answers:
      | fact                                             | answer       |
      | policy.transparency.frequency_months             | <months>     |
      | policy.transparency.formats                      | <formats>    |
      | policy.transparency.breakdowns                   | <breakdowns> |
      | policy.transparency.lists_prohibited_disclosures | <prohibited> |
    When the workflow is checked
    Then safeguard "SG-TRA-14" is <status>

    Examples:
      | months | formats     | breakdowns                                                                  | prohibited | status  |
      | 6      | [csv, html] | [country, legal_process, content_vs_non_content, offence_category, purpose] | true       | met     |
      | 24     | [csv, html] | [country, legal_process, content_vs_non_content, offence_category, purpose] | true       | gap     |
      | 6      | [pdf]       | [country, legal_process, content_vs_non_content, offence_category, purpose] | true       | partial |
      | 6      | [csv, html] | [legal_process, content_vs_non_content, offence_category, purpose]          | true       | partial |
      | 6      | [csv, html] | [country, content_vs_non_content, offence_category, purpose]                | true       | partial |
      | 6      | [csv, html] | [country, legal_process, content_vs_non_content, offence_category, purpose] | false      | partial |

  Scenario Outline: Secrecy that binds only one of the two powers is judged on that power
    Given a jurisdiction that answers:
      | fact                                      | answer       |
      | preservation.confidentiality.required     | <p_required> |
      | preservation.confidentiality.time_limited | <p_limited>  |
      | interception.confidentiality.required     | <i_required> |
      | interception.confidentiality.time_limited | <i_limited>  |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-04" is <status>

    Examples:
      | p_required | p_limited | i_required | i_limited | status       |
      | false      | unknown   | true       | true      | met          |
      | true       | false     | true       | true      | partial      |
      | false      | unknown   | true       | false     | gap          |
      | true       | unknown   | false      | true      | undetermined |
      | true       | false     | false      | unknown   | gap          |

  Scenario: A notice deferred for an emergency was sent once the emergency ended
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact           | answer               |
      | notice.sent_at | 2026-10-02T09:00:00Z |
    When the request is audited
    Then safeguard "SG-TRA-12" is met
