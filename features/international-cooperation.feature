Feature: International cooperation
  The submission welcomes faster mutual assistance — prompt execution of requests,
  24/7 points of contact, cross-border preservation and disclosure of traffic data —
  on condition that all such procedures strictly protect the personal data
  exchanged.

  Scenario Outline: Personal data exchanged through cooperation are protected
    Given a jurisdiction that answers:
      | fact                                          | answer           |
      | cooperation.personal_data.use_limitation      | <use_limitation> |
      | cooperation.personal_data.transfer_safeguards | <safeguards>     |
    When the jurisdiction is checked
    Then safeguard "SG-INC-01" is <status>

    Examples:
      | use_limitation | safeguards | status       |
      | true           | true       | met          |
      | true           | false      | partial      |
      | false          | true       | partial      |
      | false          | false      | gap          |
      | true           | unknown    | undetermined |
      | false          | unknown    | undetermined |

  Scenario: A limitation on use without data-protection safeguards only partly meets the safeguard
    Given a treaty that answers:
      | fact                                          | answer |
      | cooperation.personal_data.use_limitation      | true   |
      | cooperation.personal_data.transfer_safeguards | false  |
    When the jurisdiction is checked
    Then safeguard "SG-INC-01" is partial
    And the finding for "SG-INC-01" rests on "cooperation.personal_data.transfer_safeguards"

  Scenario Outline: A central authority executes requests promptly
    Given a jurisdiction that answers:
      | fact                          | answer      |
      | cooperation.central_authority | <authority> |
      | cooperation.prompt_execution  | <prompt>    |
    When the jurisdiction is checked
    Then safeguard "SG-INC-02" is <status>

    Examples:
      | authority | prompt  | status       |
      | true      | true    | met          |
      | true      | false   | partial      |
      | false     | unknown | gap          |
      | true      | unknown | undetermined |
      | unknown   | true    | undetermined |

  Scenario Outline: A 24/7 point of contact that can preserve data
    Given a jurisdiction that answers:
      | fact                                   | answer     |
      | cooperation.contact_point_24_7         | <contact>  |
      | cooperation.contact_point_can_preserve | <preserve> |
    When the jurisdiction is checked
    Then safeguard "SG-INC-03" is <status>

    Examples:
      | contact | preserve | status       |
      | true    | true     | met          |
      | true    | false    | partial      |
      | false   | unknown  | gap          |
      | true    | unknown  | undetermined |
      | unknown | true     | undetermined |

  Scenario Outline: Expedited preservation and disclosure for other States
    Given a jurisdiction that answers:
      | fact                                     | answer         |
      | cooperation.expedited_preservation       | <preservation> |
      | cooperation.expedited_traffic_disclosure | <disclosure>   |
    When the jurisdiction is checked
    Then safeguard "SG-INC-04" is <status>

    Examples:
      | preservation | disclosure | status       |
      | true         | true       | met          |
      | true         | false      | partial      |
      | false        | true       | partial      |
      | false        | false      | gap          |
      | unknown      | false      | undetermined |

  Scenario Outline: Data went abroad after an assessment, and a conflict it found was challenged
    Given the judge-validated European production order of the example log (DR-2026-0102)
    And the request answers:
      | fact                                                   | answer               |
      | cross_border.data_protection_assessment.performed_at   | 2026-09-10T00:00:00Z |
      | cross_border.data_protection_assessment.conflict_found | <conflict>           |
      | outcome.pushback                                       | <pushback>           |
    When the request is audited
    Then safeguard "SG-INC-01" is <status>

    Examples:
      | conflict | pushback              | status |
      | false    | unknown               | met    |
      | true     | [challenged_in_court] | met    |
      | true     | [objected]            | gap    |

  Scenario Outline: A workflow assesses data protection before a cross-border production
    Given the strong example workflow
    And the workflow answers:
      | fact                                 | answer   |
      | steps.cross_border_assessment.checks | <checks> |
      | steps.cross_border_assessment.order  | <order>  |
    When the workflow is checked
    Then safeguard "SG-INC-01" is <status>

    Examples:
      | checks                                       | order | status  |
      | [data_protection, conflict_of_laws, channel] | 6     | met     |
      | [conflict_of_laws, channel]                  | 6     | partial |
      | [data_protection, conflict_of_laws, channel] | 10    | partial |
