Feature: Comparing countries, and following a law over time
  Analysts compare jurisdictions side by side, and follow a law reform as the difference
  between two versions of a profile: which answers changed, with their citations, and which
  safeguards the reform opened or closed. A pipeline stops when a reform opens a new gap.

  Scenario: Countries side by side
    Given the profiles of two fictional countries, Mixland and Nulland, and a waiver for Nulland
    When the countries are compared in a matrix
    Then the matrix shows "SG-BIO-01" as gap for Mixland and met for Nulland
    And the matrix counts 1 waived and 2 not applicable for Nulland
    And the rows of the matrix follow the proposals S9, S9, S12, S14

  Scenario: A reform that closes two gaps but opens one fails the build
    Given Reformland's profile before and after its 2024 reform
    When the two versions are compared
    Then the diff shows "interception.max_days" changed from "30" to "120"
    And the diff shows a new gap in "SG-CON-02"
    And the diff shows the gap in "SG-BIO-01" closed
    And the command exits with status 1

  Scenario: The version before the reform comes from version control, through standard input
    Given Reformland's profile before its 2024 reform on standard input, and after it in a file
    When the two versions are compared
    Then the diff shows "interception.max_days" changed from "30" to "120"
    And the diff shows a new gap in "SG-CON-02"
    And the command exits with status 1

  Scenario: The same law read on a later date
    Given Mixland's profile, whose biometric rule changed on 2025-01-01
    When the profile is compared as of 2024-06-01 and as of 2025-06-01
    Then the diff shows the gap in "SG-BIO-01" closed
    And the command exits with status 0

  Scenario: An answer that lapses leaves its gap unsettled, not closed
    Given Mixland's profile, whose biometric rule of 2019 lapses at the end of 2024 with nothing after it
    When the profile is compared as of 2024-06-01 and as of 2025-06-01
    Then the diff shows the gap in "SG-BIO-01" as undetermined now, not closed
    And the diff counts no new gap
    And the command exits with status 0

  Scenario: An answer confirmed in the text makes its verdict firm
    Given Mixland's profile, whose published statistics rest on recollection, and a copy where they are read in the official text
    When the two versions are compared
    Then the diff shows the verdict on "SG-TRA-01" no longer provisional
    And the command exits with status 0

  Scenario: A gap confirmed in the text is no new gap
    Given Mixland's profile, whose biometric rule of 2019 rests on commentary, and the same profile where it is read in a copy of the law
    When the two versions are compared
    Then the diff shows the verdict on "SG-BIO-01" no longer provisional
    And the diff counts no new gap
    And the command exits with status 0

  Scenario: A check the catalog no longer has closes no gap
    Given Mixland's report as checked before SG-BIO-01 left the catalog, and as checked after
    When the two versions are compared
    Then the diff shows "SG-BIO-01" as no longer checked, not as a closed gap
    And the diff counts no new gap
    And the command exits with status 0

  Scenario: An expired waiver reopens a gap
    Given Nulland's profile and its waiver, which expires on 2024-12-31
    When the profile is compared as of 2024-06-01 and as of 2025-01-01
    Then the diff shows a new gap in "SG-TRA-01" because the waiver expired
    And the command exits with status 1

  Scenario: A broken version is pointed out where it breaks
    Given Reformland's profile before its reform and a broken copy of it
    When the two versions are compared
    Then the command exits with status 2
    And the output says "reform-broken.yaml:4:1: YAML syntax error"
    And no traceback is shown

  Scenario: A law is not compared with a workflow
    Given Germany's profile and a provider's data-request workflow
    When the two versions are compared
    Then the command exits with status 2
    And the output says "strong.yaml:2:7: 'examplecloud' is a workflow and 'DE' of"
    And no traceback is shown
