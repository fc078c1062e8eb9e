Feature: See which questions are still open, the most decisive first
  A profile is rarely complete. The open questions are ranked by how many undetermined findings
  one answer would settle, then by the severity of those findings, so the lawyer's next hour of
  research goes where it changes the most.

  Background:
    Given the practice catalog of the lawyer's loop

  Scenario: The question that settles the most findings comes first
    Given a practice profile that answers nothing yet
    When the lawyer asks what is still open
    Then the first open question is "interception.exists"
    And answering "interception.exists" would settle "SG-LAW-01, SG-LAW-02"
    And "notes.drafter" is not among the open questions

  Scenario: Among questions that settle as much, the more severe safeguard comes first
    Given a practice profile that answers:
      | fact                       | answer   |
      | interception.exists        | true     |
      | interception.authorization | judicial |
      | instrument_type            | treaty   |
    When the lawyer asks what is still open
    Then the first open question is "interception.max_days"
    And answering "interception.max_days" would settle "SG-LAW-02"

  Scenario: A derived fact is asked through the answer it comes from
    Given a practice profile that answers nothing yet
    When the lawyer asks what is still open
    Then "research.protection" is among the open questions
    And "research.protected" is not among the open questions

  Scenario: Answering the first open question really settles what it promised
    Given a practice profile that answers nothing yet
    When the lawyer asks what is still open
    And the lawyer settles "interception.exists" as "no"
    Then the findings it promised to settle are no longer undetermined

  Scenario: A complete profile has nothing left to ask
    Given a practice profile that answers:
      | fact                  | answer |
      | interception.exists   | false  |
      | biometric.court_order | false  |
      | research.protection   | none   |
      | instrument_type       | treaty |
    When the lawyer asks what is still open
    Then there is no open question
