Feature: Build a jurisdiction profile by answering questions
  A lawyer who does not write YAML builds a profile by answering the catalog's questions one at
  a time. Each answer is checked at once and saved at once, so nothing typed is ever lost, and a
  question is asked only while its answer can still change a verdict.

  Background:
    Given the practice catalog of the lawyer's loop

  Scenario: A completed questionnaire is a profile the checker accepts
    When the lawyer starts a profile of Ruritania and answers:
      | question                   | answer   |
      | instrument_type            | 2        |
      | interception.exists        | yes      |
      | interception.authorization | judicial |
      | interception.urgent_bypass | no       |
      | interception.max_days      | 60       |
      | biometric.court_order      | yes      |
      | research.protection        | statute  |
      | offences.qualifiers        | 1, 2     |
    Then the questionnaire is finished
    And the profile answers "interception.authorization" with "judicial"
    And the profile answers "offences.qualifiers" with "[dishonest_intent, security_measure]"
    And checking the profile leaves nothing undetermined

  Scenario: A law without interception is not asked who authorises it
    When the lawyer starts a profile of Ruritania and answers:
      | question              | answer |
      | instrument_type       | treaty |
      | interception.exists   | no     |
      | biometric.court_order | no     |
      | research.protection   | none   |
    Then the questionnaire is finished
    And the questionnaire did not ask "interception.authorization"
    And the questionnaire did not ask "interception.max_days"
    And the questionnaire did not ask "offences.qualifiers"

  Scenario: A mistyped answer is explained and asked again
    When the lawyer starts a profile of Ruritania and answers:
      | question        | answer  |
      | instrument_type | federal |
      | instrument_type | 1       |
    Then the lawyer is told "'federal' is not a choice: type a number from 1 to 2 or a name"
    And the profile answers "instrument_type" with "treaty"

  Scenario: An answer can carry its citation
    When the lawyer starts a profile of Ruritania and answers:
      | question            | answer | instrument                       | article |
      | instrument_type     | treaty | UN Convention against Cybercrime | 2       |
      | interception.exists | yes    |                                  |         |
    Then the profile cites "UN Convention against Cybercrime" article "2" for "instrument_type"
    And the profile answers "interception.exists" with "true"

  Scenario: "The text does not say" and "later" are both accepted
    When the lawyer starts a profile of Ruritania and answers:
      | question                   | answer |
      | instrument_type            | ?      |
      | interception.exists        | skip   |
      | interception.authorization | 4      |
    Then the profile leaves "instrument_type" open
    And the profile does not mention "interception.exists"
    And the profile answers "interception.authorization" with "prosecutor"

  Scenario: An interrupted questionnaire resumes where it stopped
    When the lawyer starts a profile of Ruritania and answers:
      | question            | answer |
      | instrument_type     | 2      |
      | interception.exists | yes    |
    Then the questionnaire stops and says how to resume
    And the profile answers "interception.exists" with "true"
    When the lawyer resumes the profile and answers:
      | question                   | answer     |
      | interception.authorization | prosecutor |
    Then the questionnaire did not ask "instrument_type"
    And the profile answers "interception.authorization" with "prosecutor"

  Scenario: A template lists every question for those who prefer an editor
    When the lawyer asks for a blank jurisdiction template
    Then the template asks every question of the catalog
    And the template points the editor to its schema
    And checking the profile finds 5 safeguards undetermined
