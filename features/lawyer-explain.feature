Feature: Understand every verdict
  A verdict a lawyer cannot explain to a client is worth little. Every safeguard reads in plain
  words, and every verdict traces back to the answers that decided it, with their lines and
  citations, and to the single answers that would change it.

  Background:
    Given the practice catalog of the lawyer's loop

  Scenario: A safeguard explained in plain words
    When the lawyer asks to explain "SG-LAW-01"
    Then the explanation says "“judicial or other independent review”"
    And the explanation says "[verified]   Budapest Convention Art. 15"
    And the explanation says "[unverified] UN Convention Art. 24"
    And the explanation says "“Who authorises interception?” — the answer is"

  Scenario: A gap is traced to the answers, their lines and their citations
    When the lawyer asks to explain "SG-LAW-01" for Ruritania
    Then the verdict is "GAP"
    And the explanation says "ruritania.yaml:12; cited: Code of Criminal Procedure, art. 90ter"
    And the explanation says "interception.authorization = prosecutor"
    And the explanation says "ruritania.yaml:15; asserted, no source"
    And the explanation says "interception.exists = no → not applicable"

  Scenario: An open verdict names the missing answer and what each answer would give
    When the lawyer asks to explain "SG-LAW-02" for Ruritania
    Then the verdict is "UNDETERMINED"
    And the explanation says "interception.max_days: For how many days"
    And the explanation says "interception.max_days = 89 or 90 → met"
    And the explanation says "interception.max_days = 181 → gap"

  Scenario: The verdict of another day uses the answers in force that day
    When the lawyer asks to explain "SG-LAW-04" for Ruritania as of 2020-01-01
    Then the verdict is "GAP"
    And the explanation says "research.protection = none"

  Scenario: A verdict on a computed answer rests on the answer it was computed from
    Given a lawyer's profile containing:
      """
      safeguards: 1
      kind: jurisdiction
      id: CP
      facts:
        research.protection:
          value: prosecution_policy
          source: {instrument: Prosecution guideline 2023/1, basis: secondary}
      """
    When the lawyer asks to explain "SG-LAW-04" for the profile
    Then the verdict is "MET (provisional)"
    And the explanation says "research.protected = yes, derived from research.protection = prosecution_policy"
    And the explanation says "cited: Prosecution guideline 2023/1 [basis: secondary — provisional]"

  Scenario: A mistyped safeguard id is caught
    When the lawyer asks to explain "SG-LAW-1"
    Then the command exits with status 2
    And the output says "did you mean 'SG-LAW-01'?"
    And no traceback is shown
