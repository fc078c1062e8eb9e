Feature: Ask what is still open, and answer it
  A lawyer keeps a profile current by asking what is still open on its date: the questions whose
  answers would settle the most findings come first, each with the command that answers it. An
  answer that has ended leaves its question open again, and the command offered fills exactly
  the days left unanswered.

  Background:
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: BL
      name: Belgica
      as_of: 2026-12-01
      facts:
        offences.illegal_access.intent_required:
          - value: true
            effective_until: 2026-04-08
            source: {instrument: Criminal Code (old Book II), article: 550bis, basis: faithful_copy}
      """

  Scenario: An answer that ended before the profile's date is asked again, for the days after it
    When the lawyer asks what is missing
    Then "offences.illegal_access.intent_required" is open from 2026-04-09, after the answer at line 8
    And the lawyer is offered "--effective-from 2026-04-09" to answer "offences.illegal_access.intent_required"

  Scenario: The offered command answers the question
    When the lawyer answers "offences.illegal_access.intent_required" with "true" as offered
    And the lawyer asks what is missing
    Then "offences.illegal_access.intent_required" is no longer among the open questions

  Scenario: A question says what each answer would settle, and the answer does just that
    When the lawyer asks what is missing
    Then answering "offences.illegal_access.intent_required" with "no" is said to make "SG-MEN-01" a gap
    And answering "offences.illegal_access.intent_required" with "yes" is said to settle nothing on its own
    When the lawyer answers "offences.illegal_access.intent_required" with "no" as offered
    Then the check of the profile finds "SG-MEN-01" a gap

  Scenario: The open questions are written as a memo for counsel
    When the lawyer asks for the open questions as a memo
    Then the memo is headed "Open questions: Belgica (BL)" and dated 2026-12-01
    And the memo offers "--effective-from 2026-04-09" to answer "offences.illegal_access.intent_required"
