Feature: A verdict says what evidence it rests on
  A lawyer grades every answer by what it was read in: the official text, a faithful copy of
  it, secondary commentary, or recollection. A verdict that rests on an answer not read in the
  text itself is provisional, and a lawyer who wants only what the text says can set a floor.

  Background:
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: RU
      name: Ruritania
      as_of: 2026-01-01
      facts:
        powers.review.requirement:
          value: all_intrusive_powers
          source: {instrument: Code of Criminal Procedure, article: "90", basis: official_text}
        powers.review.urgent_bypass:
          value: confirmed_promptly
          source: {instrument: Commentary on the Code, url: "https://blog.example/ccp", basis: secondary}
        powers.grounds.proportionality_required:
          value: true
          source: {instrument: Code of Criminal Procedure, article: "91", basis: faithful_copy}
        powers.grounds.stated_grounds_required:
          value: true
          source: {instrument: Code of Criminal Procedure, article: "92", basis: official_text}
        powers.duration.limit_fixed:
          value: true
          source: {instrument: Interview with a prosecutor, basis: recollection}
      """

  Scenario: A verdict resting on commentary is marked provisional
    When the lawyer checks the profile and reads the memo
    Then the memo marks safeguard "SG-SAF-01" as provisional
    And the memo shows the basis "secondary" for "powers.review.urgent_bypass"
    And the memo shows the basis "official text" for "powers.review.requirement"

  Scenario: A verdict resting on the text and a faithful copy is not provisional
    When the lawyer checks the profile and reads the memo
    Then the memo does not mark safeguard "SG-SAF-02" as provisional
    And the memo shows the basis "faithful copy" for "powers.grounds.proportionality_required"

  Scenario: A floor on the evidence turns weaker answers into open questions
    When the lawyer checks the profile with the minimum basis "faithful_copy"
    Then the memo says safeguard "SG-SAF-01" is undetermined
    And the memo asks "powers.review.urgent_bypass"
    And the memo does not mark safeguard "SG-SAF-01" as provisional

  Scenario: Recollection is enough when the floor is recollection
    When the lawyer checks the profile with the minimum basis "recollection"
    Then the memo marks safeguard "SG-SAF-01" as provisional

  Scenario: An answer that does not say what it rests on counts under no floor
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: RU
      name: Ruritania
      facts:
        powers.review.requirement:
          value: none
          source: {instrument: Code of Criminal Procedure, article: "90"}
      """
    When the lawyer checks the profile with the minimum basis "recollection"
    Then the memo says safeguard "SG-SAF-01" is undetermined

  Scenario: The list of what is missing names the provisional answers worth confirming
    When the lawyer asks what is missing
    Then the lawyer is told to confirm "powers.review.urgent_bypass" because it decides "SG-SAF-01"
    And the lawyer is not told to confirm "powers.review.requirement"

  Scenario: An unknown basis is an input error at its line
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: RU
      facts:
        powers.review.requirement:
          value: none
          source: {instrument: Code, basis: hearsay}
      """
    When the lawyer checks the profile and reads the memo
    Then the command exits with status 2
    And the error is "7:39: basis must be one of official_text, faithful_copy, secondary, recollection"
    And no memo was written
