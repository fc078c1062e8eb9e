Feature: Editors complete and check profiles as they are typed
  The facts catalog becomes a JSON Schema, so an editor offers every question as a completion,
  shows its help on hover and flags a wrong value before the profile is ever checked.

  Background:
    Given the practice catalog of the lawyer's loop

  Scenario: The schema carries every question with its help
    When the lawyer asks for the editor schema of jurisdiction profiles
    Then the schema describes "interception.authorization" as "Who authorises interception?"
    And the schema accepts the Ruritania profile
    And the schema rejects the answer "judge" to "interception.authorization"
