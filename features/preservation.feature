Feature: Expedited preservation of electronic data
  Electronic evidence is volatile. The submission welcomes expedited preservation
  of stored data, expedited preservation and partial disclosure of traffic data,
  and the confidentiality of preservation orders, which makes investigations
  effective. Because preservation is ordered quickly and with fewer formalities,
  each order must be short. (How long the secrecy may last is a question of
  transparency towards users, checked in the transparency feature.)

  Scenario Outline: A preservation power limited to ninety days per order
    Given a jurisdiction that answers:
      | fact                              | answer     |
      | preservation.stored_data.power    | <power>    |
      | preservation.stored_data.max_days | <max_days> |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-01" is <status>

    Examples:
      | power   | max_days | status       |
      | true    | 90       | met          |
      | true    | 60       | met          |
      | true    | 180      | partial      |
      | false   | unknown  | gap          |
      | true    | unknown  | undetermined |
      | unknown | 90       | undetermined |

  Scenario: A preservation power of unknown length leaves the finding open
    Given a national law that answers:
      | fact                           | answer |
      | preservation.stored_data.power | true   |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-01" is undetermined
    And the finding for "SG-PRE-01" asks "preservation.stored_data.max_days"

  Scenario Outline: Partial disclosure of traffic data to trace the path
    Given a jurisdiction that answers:
      | fact                                         | answer               |
      | preservation.traffic_data.partial_disclosure | <partial_disclosure> |
      | preservation.stored_data.power               | <power>              |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-02" is <status>

    Examples:
      | partial_disclosure | power   | status       |
      | true               | unknown | met          |
      | false              | true    | partial      |
      | false              | false   | gap          |
      | unknown            | true    | undetermined |
      | false              | unknown | undetermined |

  Scenario Outline: Preservation orders are kept confidential
    Given a jurisdiction that answers:
      | fact                                  | answer     |
      | preservation.stored_data.power        | <power>    |
      | preservation.confidentiality.required | <required> |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-03" is <status>

    Examples:
      | power   | required | status         |
      | true    | true     | met            |
      | true    | false    | gap            |
      | true    | unknown  | undetermined   |
      | unknown | true     | undetermined   |
      | false   | unknown  | not applicable |

  Scenario: Confidentiality without an end date still meets what the submission welcomes
    Given a treaty that answers:
      | fact                                      | answer |
      | preservation.stored_data.power            | true   |
      | preservation.confidentiality.required     | true   |
      | preservation.confidentiality.time_limited | false  |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-03" is met
    And the finding for "SG-PRE-03" rests on "preservation.confidentiality.required"

  Scenario: Without a preservation power there is no preservation order to keep confidential
    Given a national law that answers:
      | fact                           | answer |
      | preservation.stored_data.power | false  |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-03" is not applicable
    And the finding for "SG-PRE-03" rests on "preservation.stored_data.power"

  Scenario Outline: A preservation is kept for at most 180 days
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                    | answer    |
      | preservation.expires_at | <expires> |
    When the request is audited
    Then safeguard "SG-PRE-01" is <status>

    Examples:
      | expires              | status |
      | 2027-01-12T22:05:00Z | met    |
      | 2027-10-14T22:05:00Z | gap    |

  Scenario Outline: A notice outside the life of a confidentiality order on a preservation breaks nothing
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                       | answer      |
      | confidentiality.present    | true        |
      | confidentiality.type       | court_order |
      | confidentiality.issued_at  | 2026-10-14  |
      | confidentiality.expires_at | <expires>   |
      | notice.status              | sent        |
      | notice.sent_at             | <sent>      |
    When the request is audited
    Then safeguard "SG-PRE-03" is <status>

    Examples:
      | expires    | sent                 | status |
      | 2027-01-12 | 2026-10-10T09:00:00Z | met    |
      | 2026-11-01 | 2026-11-20T09:00:00Z | met    |
      | 2026-11-01 | 2026-10-20T09:00:00Z | gap    |

  Scenario: A preservation with no end date misses the safeguard
    Given the preservation request of the example log (DR-2026-0106)
    And the request answers:
      | fact                    | answer  |
      | preservation.expires_at | unknown |
    When the request is audited
    Then safeguard "SG-PRE-01" is a gap
