Feature: Whose jurisdiction applies
  The submission asks that international cooperation clearly define whose
  jurisdiction applies, in particular when private-sector stakeholders such as
  service providers are involved. Two things are checked: a rule for settling
  competing claims, and a rule for cases that involve providers across borders.

  Scenario Outline: Competing jurisdiction claims are settled by consultation
    Given a jurisdiction that answers:
      | fact                                          | answer         |
      | jurisdiction.consultation_on_competing_claims | <consultation> |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-01" is <status>

    Examples:
      | consultation | status       |
      | true         | met          |
      | false        | gap          |
      | unknown      | undetermined |

  Scenario Outline: A rule for investigations involving private-sector stakeholders
    Given a jurisdiction that answers:
      | fact                             | answer |
      | jurisdiction.private_sector_rule | <rule> |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-02" is <status>

    Examples:
      | rule    | status       |
      | true    | met          |
      | false   | gap          |
      | unknown | undetermined |

  Scenario: A treaty with a consultation duty but no word on providers is open on the second question
    Given a treaty that answers:
      | fact                                          | answer |
      | jurisdiction.consultation_on_competing_claims | true   |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-01" is met
    And safeguard "SG-JUR-02" is undetermined
    And the finding for "SG-JUR-02" asks "jurisdiction.private_sector_rule"
