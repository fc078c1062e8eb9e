Feature: A lawyer checks a jurisdiction, reads the report and settles an open question
  A lawyer describes a country's law in a profile, one cited answer at a time. The report says
  for each safeguard whether the law meets it, and lists the questions still open. Answering
  one of them and checking again turns an open question into a verdict.

  Scenario: An open question becomes a verdict once the lawyer answers it
    Given a lawyer's profile of a country whose law answers:
      | fact                      | answer               |
      | instrument_type           | national_law         |
      | powers.review.requirement | all_intrusive_powers |
    When the lawyer checks the profile and reads the memo
    Then the command exits with status 0
    And the memo says safeguard "SG-SAF-01" is undetermined
    And the memo asks "powers.review.urgent_bypass"
    When the lawyer answers "powers.review.urgent_bypass" with "confirmed_promptly" citing "Code of Criminal Procedure", article "100e"
    And the lawyer checks the profile and reads the memo
    Then the memo says safeguard "SG-SAF-01" is met
    And the memo cites "Code of Criminal Procedure, art. 100e" for "powers.review.urgent_bypass"

  Scenario: A gap in a critical safeguard fails the check, so a pipeline can stop on it
    Given a lawyer's profile of a country whose law answers:
      | fact                      | answer       |
      | instrument_type           | national_law |
      | powers.review.requirement | none         |
    When the lawyer checks the profile and reads the memo
    Then the command exits with status 1
    And the memo says safeguard "SG-SAF-01" is a gap

  Scenario: A misspelt question is pointed out where it stands
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: XX
      facts:
        powers.review.requirment: all_intrusive_powers
      """
    When the lawyer checks the profile and reads the memo
    Then the command exits with status 2
    And the error is "5:3: unknown fact 'powers.review.requirment' (did you mean 'powers.review.requirement'?)"
    And no traceback is shown
    And no memo was written

  Scenario: An editor checks the text being edited, before it is saved, and the error names the file
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: XX
      facts:
        powers.review.requirment: all_intrusive_powers
      """
    When the lawyer's editor hands the unsaved text to safeguards check on standard input, naming the file
    Then the command exits with status 2
    And the error is "5:3: unknown fact 'powers.review.requirment' (did you mean 'powers.review.requirement'?)"
