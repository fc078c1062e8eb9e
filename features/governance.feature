Feature: A permanent advisory panel to the Conference of the States Parties
  Much cybersecurity expertise sits outside governments. The submission proposes a
  permanent advisory panel to the Conference of the States Parties, open to
  experts from accredited and other non-governmental organisations. The question
  is one for a treaty that establishes a Conference of the States Parties, as the
  UN Convention does; a treaty without one (the Budapest Convention has only
  consultations of the Parties) and national laws are not examined on it.

  Scenario Outline: The mechanism of implementation of a treaty with a Conference of the States Parties
    Given a treaty that answers:
      | fact                                    | answer  |
      | instrument.conference_of_states_parties | true    |
      | governance.advisory_panel               | <panel> |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is <status>

    Examples:
      | panel                          | status       |
      | permanent_panel_open_to_ngos   | met          |
      | stakeholder_participation_only | partial      |
      | none                           | gap          |
      | unknown                        | undetermined |

  Scenario: Observers without a standing panel only partly meet the safeguard
    Given a treaty that answers:
      | fact                                    | answer                         |
      | instrument.conference_of_states_parties | true                           |
      | governance.advisory_panel               | stakeholder_participation_only |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is partial
    And the finding for "SG-GOV-01" rests on "governance.advisory_panel"

  Scenario: A treaty without a Conference of the States Parties is not asked for a panel to one
    Given a treaty that answers:
      | fact                                    | answer |
      | instrument.conference_of_states_parties | false  |
      | governance.advisory_panel               | none   |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is not applicable
    And the finding for "SG-GOV-01" rests on "instrument.conference_of_states_parties"

  Scenario: A treaty that does not say whether it has a Conference of the States Parties leaves the question open
    Given a treaty that answers:
      | fact                      | answer |
      | governance.advisory_panel | none   |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is undetermined
    And the finding for "SG-GOV-01" asks "instrument.conference_of_states_parties"

  Scenario: A national law is not examined for an advisory panel
    Given a national law that answers:
      | fact                      | answer |
      | governance.advisory_panel | none   |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is not applicable
    And the finding for "SG-GOV-01" rests on "instrument_type"

  Scenario: A profile that does not say what kind of instrument it is leaves the question open
    Given a jurisdiction that answers:
      | fact                      | answer                       |
      | governance.advisory_panel | permanent_panel_open_to_ngos |
    When the jurisdiction is checked
    Then safeguard "SG-GOV-01" is undetermined
    And the finding for "SG-GOV-01" asks "instrument_type"
