Feature: Expedited preservation of electronic data
  Electronic evidence is volatile. The submission welcomes expedited preservation
  of stored data, expedited preservation and partial disclosure of traffic data,
  and the confidentiality of preservation orders. Because preservation is ordered
  quickly and with fewer formalities, each order must be short, and its secrecy
  must end.

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

  Scenario Outline: Preservation orders stay confidential for a period set by law
    Given a jurisdiction that answers:
      | fact                                      | answer         |
      | preservation.confidentiality.required     | <required>     |
      | preservation.confidentiality.time_limited | <time_limited> |
    When the jurisdiction is checked
    Then safeguard "SG-PRE-03" is <status>

    Examples:
      | required | time_limited | status       |
      | true     | true         | met          |
      | true     | false        | partial      |
      | false    | unknown      | gap          |
      | true     | unknown      | undetermined |
      | unknown  | unknown      | undetermined |
