Feature: Real-time collection of traffic data and interception of content
  The submission warns that real-time access to traffic data poses a significant
  risk to users' privacy and security and must be strictly limited. Strict means
  two things: the power is available only for serious offences, and each use is
  authorised by a judge or an independent authority who weighs the facts — not a
  court obliged to sign on a bare certification of relevance. The same two limits
  apply to the interception of content. The submission welcomes that providers
  keep interception confidential; how long that secrecy may last is a question of
  transparency towards users, checked in the transparency feature.

  Scenario Outline: Real-time collection of traffic data is strictly limited
    Given a jurisdiction that answers:
      | fact                               | answer          |
      | realtime_traffic.power_exists      | <power>         |
      | realtime_traffic.authorization     | <authorization> |
      | realtime_traffic.offence_threshold | <threshold>     |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-01" is <status>

    Examples:
      | power   | authorization                    | threshold                        | status         |
      | true    | judicial                         | serious_offences_only            | met            |
      | true    | independent_authority            | serious_offences_only            | met            |
      | true    | executive_with_judicial_approval | serious_offences_only            | met            |
      | true    | judicial                         | serious_offences_with_exceptions | partial        |
      | true    | judicial                         | any_offence                      | partial        |
      | true    | prosecutor                       | serious_offences_only            | partial        |
      | true    | court_on_certification           | any_offence                      | gap            |
      | true    | left_to_domestic_law             | any_offence                      | gap            |
      | true    | executive                        | any_offence                      | gap            |
      | true    | judicial                         | unknown                          | undetermined   |
      | true    | court_on_certification           | unknown                          | undetermined   |
      | unknown | judicial                         | serious_offences_only            | undetermined   |
      | false   | unknown                          | unknown                          | not applicable |

  Scenario: An order a court must grant on a certification of relevance, for any offence, misses the safeguard
    Given a national law that answers:
      | fact                               | answer                 |
      | realtime_traffic.power_exists      | true                   |
      | realtime_traffic.authorization     | court_on_certification |
      | realtime_traffic.offence_threshold | any_offence            |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-01" is gap
    And the finding for "SG-RTI-01" rests on "realtime_traffic.authorization"
    And the finding for "SG-RTI-01" rests on "realtime_traffic.offence_threshold"

  Scenario: A judge's order for an unknown range of offences leaves the finding open
    Given a national law that answers:
      | fact                           | answer   |
      | realtime_traffic.power_exists  | true     |
      | realtime_traffic.authorization | judicial |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-01" is undetermined
    And the finding for "SG-RTI-01" asks "realtime_traffic.offence_threshold"

  Scenario: Without a real-time power there is nothing to limit
    Given a jurisdiction that answers:
      | fact                          | answer |
      | realtime_traffic.power_exists | false  |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-01" is not applicable
    And the finding for "SG-RTI-01" rests on "realtime_traffic.power_exists"

  Scenario Outline: Interception of content is limited to serious offences and independently authorised
    Given a jurisdiction that answers:
      | fact                           | answer          |
      | interception.power_exists      | <power>         |
      | interception.authorization     | <authorization> |
      | interception.offence_threshold | <threshold>     |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-02" is <status>

    Examples:
      | power   | authorization                    | threshold             | status         |
      | true    | judicial                         | serious_offences_only | met            |
      | true    | executive_with_judicial_approval | serious_offences_only | met            |
      | true    | left_to_domestic_law             | serious_offences_only | partial        |
      | true    | independent_authority            | any_offence           | partial        |
      | true    | executive                        | any_offence           | gap            |
      | true    | judicial                         | unknown               | undetermined   |
      | unknown | judicial                         | serious_offences_only | undetermined   |
      | false   | unknown                          | unknown               | not applicable |

  Scenario: A treaty that limits interception to serious offences but names no authority partly meets the safeguard
    Given a treaty that answers:
      | fact                           | answer                |
      | interception.power_exists      | true                  |
      | interception.authorization     | left_to_domestic_law  |
      | interception.offence_threshold | serious_offences_only |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-02" is partial
    And the finding for "SG-RTI-02" rests on "interception.authorization"

  Scenario Outline: Providers keep interception confidential
    Given a jurisdiction that answers:
      | fact                                  | answer     |
      | interception.power_exists             | <power>    |
      | interception.confidentiality.required | <required> |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-03" is <status>

    Examples:
      | power   | required | status         |
      | true    | true     | met            |
      | true    | false    | gap            |
      | true    | unknown  | undetermined   |
      | unknown | true     | undetermined   |
      | false   | true     | not applicable |

  Scenario: An indefinite duty of confidentiality meets what the submission welcomes
    Given a treaty that answers:
      | fact                                      | answer |
      | interception.power_exists                 | true   |
      | interception.confidentiality.required     | true   |
      | interception.confidentiality.time_limited | false  |
    When the jurisdiction is checked
    Then safeguard "SG-RTI-03" is met
    And the finding for "SG-RTI-03" rests on "interception.confidentiality.required"

  Scenario Outline: Real-time access to one request rests on an accepted basis, a judge and a short end date
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                       | answer               |
      | outcome.disposition        | produced_full        |
      | authority.country          | <authority>          |
      | authorization.issuer_type  | judge                |
      | real_time.basis_kind       | <basis>              |
      | real_time.authorized_from  | 2026-10-28T00:00:00Z |
      | real_time.authorized_until | <until>              |
    When the request is audited
    Then safeguard "SG-RTI-01" is <status>

    Examples:
      | authority | basis        | until                | status  |
      | TR        | mlat         | 2026-11-20T00:00:00Z | met     |
      | IE        | domestic_law | 2026-11-20T00:00:00Z | met     |
      | TR        | mlat         | 2027-01-28T00:00:00Z | partial |
      | TR        | none         | 2026-11-20T00:00:00Z | gap     |
      | TR        | domestic_law | 2026-11-20T00:00:00Z | partial |

  Scenario Outline: A workflow puts a judge's order at a gate before anything is produced in real time
    Given the strong example workflow
    And the workflow answers:
      | fact                          | answer     |
      | steps.real_time_gate.requires | <requires> |
      | steps.real_time_gate.order    | <order>    |
    When the workflow is checked
    Then safeguard "SG-RTI-01" is <status>

    Examples:
      | requires                                          | order | status  |
      | [judicial_authorization, allowed_basis, end_date] | 5     | met     |
      | [allowed_basis, end_date]                         | 5     | partial |
      | [judicial_authorization, allowed_basis, end_date] | 10    | partial |

  Scenario Outline: A notice outside the life of a confidentiality order breaks nothing
    Given the real-time demand of the example log (DR-2026-0108)
    And the request answers:
      | fact                       | answer      |
      | confidentiality.present    | true        |
      | confidentiality.type       | court_order |
      | confidentiality.issued_at  | 2026-10-27  |
      | confidentiality.expires_at | <expires>   |
      | notice.status              | sent        |
      | notice.sent_at             | <sent>      |
    When the request is audited
    Then safeguard "SG-RTI-03" is <status>

    Examples:
      | expires    | sent                 | status |
      | 2027-01-27 | 2026-10-20T09:00:00Z | met    |
      | 2026-11-05 | 2026-11-20T09:00:00Z | met    |
      | 2026-11-05 | 2026-11-02T09:00:00Z | gap    |
