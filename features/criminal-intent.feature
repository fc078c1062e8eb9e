Feature: Criminal intent as an obligatory prerequisite
  The submission asks that proof of criminal intent be an obligatory prerequisite
  for every action the Convention makes an offence, above all where ethical hackers
  test systems through attempts at unauthorised access. Five offences against
  computer data and systems are mandatory: illegal access, illegal interception,
  interference with data, interference with a system, and misuse of devices.
  Intentional conduct "without right" is not enough: a tester knows the access is
  unauthorised. Each offence fully meets the safeguard only where a dishonest,
  fraudulent or criminal intent must be proven (for misuse of devices: the intent
  that the tool be used to commit an offence).

  Scenario Outline: The mental element of illegal access
    Given a jurisdiction that answers:
      | fact                                     | answer      |
      | offences.illegal_access.intent_required  | <intent>    |
      | offences.illegal_access.dishonest_intent | <dishonest> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-01" is <status>

    Examples:
      | intent  | dishonest            | status       |
      | true    | required             | met          |
      | true    | optional_for_parties | partial      |
      | true    | not_required         | partial      |
      | false   | not_required         | gap          |
      | false   | unknown              | gap          |
      | true    | unknown              | undetermined |
      | unknown | not_required         | undetermined |

  Scenario: A treaty that leaves dishonest intent to each Party only partly meets the safeguard
    Given a treaty that answers:
      | fact                                     | answer               |
      | offences.illegal_access.intent_required  | true                 |
      | offences.illegal_access.dishonest_intent | optional_for_parties |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-01" is partial
    And the finding for "SG-MEN-01" rests on "offences.illegal_access.dishonest_intent"

  Scenario: A law that needs no dishonest intent but is silent on intent itself leaves the finding open
    Given a national law that answers:
      | fact                                     | answer       |
      | offences.illegal_access.dishonest_intent | not_required |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-01" is undetermined
    And the finding for "SG-MEN-01" asks "offences.illegal_access.intent_required"

  Scenario Outline: A national offence narrowed by the optional elements the treaties allow
    Given a national law that answers:
      | fact                               | answer       |
      | offences.illegal_access.qualifiers | <qualifiers> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-02" is <status>

    Examples:
      | qualifiers                                    | status       |
      | [security_measure_infringed]                  | met          |
      | [minor_cases_excluded, intent_to_obtain_data] | met          |
      | [connected_system]                            | met          |
      | []                                            | gap          |
      | unknown                                       | undetermined |

  Scenario: The optional elements are a question for national law, not for a treaty
    Given a treaty that answers:
      | fact                               | answer |
      | offences.illegal_access.qualifiers | []     |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-02" is not applicable
    And the finding for "SG-MEN-02" rests on "instrument_type"

  Scenario: Without knowing whether the instrument is a treaty the check stays open
    Given a jurisdiction that answers:
      | fact                               | answer                       |
      | offences.illegal_access.qualifiers | [security_measure_infringed] |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-02" is undetermined
    And the finding for "SG-MEN-02" asks "instrument_type"

  Scenario Outline: The mental element of illegal interception
    Given a jurisdiction that answers:
      | fact                                           | answer      |
      | offences.illegal_interception.intent_required  | <intent>    |
      | offences.illegal_interception.dishonest_intent | <dishonest> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-03" is <status>

    Examples:
      | intent  | dishonest            | status       |
      | true    | required             | met          |
      | true    | optional_for_parties | partial      |
      | false   | unknown              | gap          |
      | true    | unknown              | undetermined |
      | unknown | required             | undetermined |

  Scenario: A treaty that only lets each Party add dishonest intent to interception partly meets the safeguard
    Given a treaty that answers:
      | fact                                           | answer               |
      | offences.illegal_interception.intent_required  | true                 |
      | offences.illegal_interception.dishonest_intent | optional_for_parties |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-03" is partial
    And the finding for "SG-MEN-03" rests on "offences.illegal_interception.dishonest_intent"

  Scenario Outline: The mental element of interference with computer data
    Given a jurisdiction that answers:
      | fact                                        | answer      |
      | offences.data_interference.intent_required  | <intent>    |
      | offences.data_interference.dishonest_intent | <dishonest> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-04" is <status>

    Examples:
      | intent  | dishonest    | status       |
      | true    | required     | met          |
      | true    | not_required | partial      |
      | false   | not_required | gap          |
      | true    | unknown      | undetermined |
      | unknown | not_required | undetermined |

  Scenario: A law under which recklessly damaging data is enough misses the safeguard
    Given a national law that answers:
      | fact                                        | answer       |
      | offences.data_interference.intent_required  | false        |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-04" is gap
    And the finding for "SG-MEN-04" rests on "offences.data_interference.intent_required"

  Scenario Outline: The mental element of interference with a computer system
    Given a jurisdiction that answers:
      | fact                                          | answer      |
      | offences.system_interference.intent_required  | <intent>    |
      | offences.system_interference.dishonest_intent | <dishonest> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-05" is <status>

    Examples:
      | intent  | dishonest    | status       |
      | true    | required     | met          |
      | true    | not_required | partial      |
      | false   | unknown      | gap          |
      | true    | unknown      | undetermined |
      | unknown | required     | undetermined |

  Scenario Outline: Misuse of devices needs the intent that the tool be used for an offence
    Given a jurisdiction that answers:
      | fact                                              | answer    |
      | offences.misuse_of_devices.exists                 | <exists>  |
      | offences.misuse_of_devices.intent_required        | <intent>  |
      | offences.misuse_of_devices.offence_purpose_required | <purpose> |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-06" is <status>

    Examples:
      | exists  | intent  | purpose | status         |
      | true    | true    | true    | met            |
      | true    | true    | false   | partial        |
      | true    | false   | unknown | gap            |
      | true    | true    | unknown | undetermined   |
      | unknown | true    | true    | undetermined   |
      | false   | unknown | unknown | not applicable |

  Scenario: Supplying a tool "believing it likely" to be misused is an offence without the purpose element
    Given a national law that answers:
      | fact                                                | answer |
      | offences.misuse_of_devices.exists                   | true   |
      | offences.misuse_of_devices.intent_required          | true   |
      | offences.misuse_of_devices.offence_purpose_required | false  |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-06" is partial
    And the finding for "SG-MEN-06" rests on "offences.misuse_of_devices.offence_purpose_required"

  Scenario: Without a misuse-of-devices offence there is no intent to check
    Given a national law that answers:
      | fact                              | answer |
      | offences.misuse_of_devices.exists | false  |
    When the jurisdiction is checked
    Then safeguard "SG-MEN-06" is not applicable
    And the finding for "SG-MEN-06" rests on "offences.misuse_of_devices.exists"
