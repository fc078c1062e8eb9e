Feature: Forensic expertise from IT companies
  The submission finds the current way of bringing private forensic analysis into
  court ineffective and asks for a streamlined procedure, at home and across
  borders, for requesting expertise from IT companies for judicial proceedings.

  Scenario Outline: Requesting forensic expertise from IT companies at home
    Given a jurisdiction that answers:
      | fact                         | answer      |
      | forensics.domestic_procedure | <procedure> |
    When the jurisdiction is checked
    Then safeguard "SG-FOR-01" is <status>

    Examples:
      | procedure            | status       |
      | dedicated_procedure  | met          |
      | general_expert_rules | partial      |
      | none                 | gap          |
      | unknown              | undetermined |

  Scenario Outline: Using expertise from a company in another State
    Given a jurisdiction that answers:
      | fact                   | answer  |
      | forensics.cross_border | <route> |
    When the jurisdiction is checked
    Then safeguard "SG-FOR-02" is <status>

    Examples:
      | route                     | status       |
      | dedicated_provision       | met          |
      | through_mutual_assistance | partial      |
      | none                      | gap          |
      | unknown                   | undetermined |

  Scenario: Relying on the general rules for court experts only partly meets the safeguard
    Given a national law that answers:
      | fact                         | answer               |
      | forensics.domestic_procedure | general_expert_rules |
    When the jurisdiction is checked
    Then safeguard "SG-FOR-01" is partial
    And the finding for "SG-FOR-01" rests on "forensics.domestic_procedure"

  Scenario Outline: An organization's procedure for courts that ask for its expertise
    Given a workflow that answers:
      | fact                              | answer         |
      | expertise.procedure_documented    | <documented>   |
      | expertise.contact_point           | <contact>      |
      | expertise.response_days           | <days>         |
      | expertise.independence_safeguards | <independence> |
    When the workflow is checked
    Then safeguard "SG-FOR-01" is <status>

    Examples:
      | documented | contact | days | independence | status       |
      | true       | true    | 20   | true         | met          |
      | true       | true    | 20   | false        | partial      |
      | true       | true    | 45   | true         | partial      |
      | true       | false   | 20   | true         | gap          |
      | false      | true    | 20   | true         | gap          |
      | true       | unknown | 20   | true         | undetermined |
