Feature: Transparency and accountability on data requests
  The submission asks governments to be transparent and accountable about the data
  they request from private organisations, the crimes investigated and the purpose
  of the requests, and asks private organisations to be transparent with their
  users. For a jurisdiction this means published statistics, an independent
  overseer, and a law that lets providers speak about the requests they receive.

  Scenario Outline: The government publishes statistics on its data requests
    Given a jurisdiction that answers:
      | fact                                                | answer            |
      | transparency.request_statistics.coverage            | <coverage>        |
      | transparency.request_statistics.offence_and_purpose | <offence_purpose> |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-01" is <status>

    Examples:
      | coverage             | offence_purpose | status       |
      | all_intrusive_powers | true            | met          |
      | all_intrusive_powers | false           | partial      |
      | some_powers          | true            | partial      |
      | some_powers          | unknown         | partial      |
      | none                 | unknown         | gap          |
      | all_intrusive_powers | unknown         | undetermined |
      | unknown              | true            | undetermined |

  Scenario: Statistics for all powers whose breakdown is unknown leave the finding open
    Given a national law that answers:
      | fact                                     | answer               |
      | transparency.request_statistics.coverage | all_intrusive_powers |
    When the jurisdiction is checked
    Then safeguard "SG-TRA-01" is undetermined
    And the finding for "SG-TRA-01" asks "transparency.request_statistics.offence_and_purpose"

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
