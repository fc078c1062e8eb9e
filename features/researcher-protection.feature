Feature: Protection of ethical hackers and security researchers
  The submission asks that the Convention stop treating ethical hackers and security
  researchers as suspects: define who they are, protect their good-faith work from
  prosecution unless they cause damage or break other law, keep the exemption for
  testing tools, and give them a safe place to report what they find.
  These checks apply to a treaty and to a national law alike.

  Scenario Outline: Defining the ethical security researcher and the ethical hacker, element by element
    Given a jurisdiction that answers:
      | fact                                    | answer               |
      | research.definitions.researcher_defined | <researcher_defined> |
      | research.definitions.conduct_defined    | <conduct_defined>    |
      | research.definitions.elements           | <elements>           |
    When the jurisdiction is checked
    Then safeguard "SG-RES-01" is <status>

    Examples:
      | researcher_defined | conduct_defined | elements | status       |
      | true               | unknown         | [security_professional, employed_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] | met          |
      | true               | false           | [security_professional, authorized_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] | met          |
      | true               | unknown         | [employed_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] | partial      |
      | true               | unknown         | [seeks_vulnerabilities] | partial      |
      | false              | true            | unknown  | partial      |
      | false              | true            | [security_professional, employed_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] | partial      |
      | false              | false           | unknown  | gap          |
      | true               | unknown         | unknown  | undetermined |
      | unknown            | true            | [security_professional, employed_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] | undetermined |
      | false              | unknown         | unknown  | undetermined |

  Scenario: A defined term that does not require a security professional leaves out an element the submission names
    Given a national law that answers:
      | fact                                    | answer    |
      | research.definitions.researcher_defined | true      |
      | research.definitions.elements           | [employed_by_legal_entity, tests_systems_networks_applications, seeks_vulnerabilities, purpose_improve_security] |
    When the jurisdiction is checked
    Then the finding for "SG-RES-01" rests on "research.definitions.elements"

  Scenario: Knowing that a researcher is defined, but not with which elements, leaves the finding open
    Given a national law that answers:
      | fact                                    | answer |
      | research.definitions.researcher_defined | true   |
    When the jurisdiction is checked
    Then safeguard "SG-RES-01" is undetermined
    And the finding for "SG-RES-01" asks "research.definitions.elements"

  Scenario: A convention whose definitions article names no researcher misses the safeguard
    Given a treaty that answers:
      | fact                                    | answer |
      | research.definitions.researcher_defined | false  |
      | research.definitions.conduct_defined    | false  |
    When the jurisdiction is checked
    Then safeguard "SG-RES-01" is gap
    And the finding for "SG-RES-01" rests on "research.definitions.researcher_defined"

  Scenario Outline: Protecting good-faith security research from liability
    Given a jurisdiction that answers:
      | fact                     | answer       |
      | research.protection.type | <protection> |
    When the jurisdiction is checked
    Then safeguard "SG-RES-02" is <status>

    Examples:
      | protection         | status       |
      | binding_rule       | met          |
      | prosecution_policy | partial      |
      | reporting_channel  | partial      |
      | draft_only         | gap          |
      | none               | gap          |
      | unknown            | undetermined |

  Scenario: A charging policy protects researchers only in part
    Given a national law that answers:
      | fact                     | answer             |
      | research.protection.type | prosecution_policy |
    When the jurisdiction is checked
    Then safeguard "SG-RES-02" is partial
    And the finding for "SG-RES-02" rests on "research.protection.type"

  Scenario Outline: The protection is bounded by conditions on harm and reporting
    Given a jurisdiction that answers:
      | fact                           | answer       |
      | research.protection.type       | <protection> |
      | research.protection.conditions | <conditions> |
    When the jurisdiction is checked
    Then safeguard "SG-RES-03" is <status>

    Examples:
      | protection         | conditions                                                  | status         |
      | binding_rule       | [no_harmful_intent, report_to_authority]                    | met            |
      | prosecution_policy | [no_damage_or_disruption, report_to_owner]                  | met            |
      | prosecution_policy | [no_harmful_intent, no_damage_or_disruption, no_undue_gain] | partial        |
      | binding_rule       | [report_to_owner]                                           | partial        |
      | binding_rule       | []                                                          | gap            |
      | reporting_channel  | unknown                                                     | undetermined   |
      | unknown            | [no_harmful_intent, report_to_owner]                        | undetermined   |
      | none               | unknown                                                     | not applicable |
      | draft_only         | unknown                                                     | not applicable |

  Scenario: Without any protection there are no conditions to examine
    Given a jurisdiction that answers:
      | fact                     | answer |
      | research.protection.type | none   |
    When the jurisdiction is checked
    Then safeguard "SG-RES-03" is not applicable
    And the finding for "SG-RES-03" rests on "research.protection.type"

  Scenario Outline: The misuse-of-devices offence spares authorised testing
    Given a jurisdiction that answers:
      | fact                                        | answer     |
      | offences.misuse_of_devices.exists           | <offence>  |
      | offences.misuse_of_devices.testing_carveout | <carveout> |
    When the jurisdiction is checked
    Then safeguard "SG-RES-04" is <status>

    Examples:
      | offence | carveout                   | status         |
      | true    | express                    | met            |
      | true    | implied_by_purpose_element | partial        |
      | true    | none                       | gap            |
      | true    | unknown                    | undetermined   |
      | unknown | express                    | undetermined   |
      | false   | unknown                    | not applicable |

  Scenario: A court-made exemption for dual-use tools only partly meets the safeguard
    Given a national law that answers:
      | fact                                        | answer                     |
      | offences.misuse_of_devices.exists           | true                       |
      | offences.misuse_of_devices.testing_carveout | implied_by_purpose_element |
    When the jurisdiction is checked
    Then safeguard "SG-RES-04" is partial
    And the finding for "SG-RES-04" rests on "offences.misuse_of_devices.testing_carveout"

  Scenario Outline: A national authority receives reports and protects the reporter
    Given a jurisdiction that answers:
      | fact                                     | answer      |
      | research.reporting.authority_designated  | <authority> |
      | research.reporting.identity_confidential | <identity>  |
    When the jurisdiction is checked
    Then safeguard "SG-RES-05" is <status>

    Examples:
      | authority | identity | status       |
      | true      | true     | met          |
      | true      | false    | partial      |
      | false     | unknown  | gap          |
      | true      | unknown  | undetermined |
      | unknown   | true     | undetermined |

  Scenario: A reporting authority whose treatment of the reporter's identity is unknown leaves the question open
    Given a national law that answers:
      | fact                                    | answer |
      | research.reporting.authority_designated | true   |
    When the jurisdiction is checked
    Then safeguard "SG-RES-05" is undetermined
    And the finding for "SG-RES-05" asks "research.reporting.identity_confidential"

  Scenario: A definition of researchers that leaves out the search for vulnerabilities is incomplete
    Given a jurisdiction that answers:
      | fact                                    | answer                                                                                                           |
      | research.definitions.researcher_defined | true                                                                                                             |
      | research.definitions.elements           | [security_professional, employed_by_legal_entity, tests_systems_networks_applications, purpose_improve_security] |
    When the jurisdiction is checked
    Then safeguard "SG-RES-01" is partial

  Scenario Outline: An organization's disclosure policy says what researchers may test
    Given the strong example workflow
    And the workflow answers:
      | fact                       | answer  |
      | research.vdp.scope_defined | <scope> |
    When the workflow is checked
    Then safeguard "SG-RES-11" is <status>

    Examples:
      | scope | status  |
      | true  | met     |
      | false | partial |
