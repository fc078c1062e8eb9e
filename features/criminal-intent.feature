Feature: Criminal intent as an obligatory prerequisite
  The submission asks that proof of criminal intent be an obligatory prerequisite
  for the computer-crime offences, above all where ethical hackers test systems
  through attempts at unauthorised access. Intentional access "without right" is
  not enough: a tester knows the access is unauthorised. The safeguard is fully met
  only where a dishonest, fraudulent or criminal intent must be proven.

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
