Feature: Reports people hand on
  A gap report travels. A lawyer sends a Word memo, a policy team publishes a web page, a
  compliance team feeds SARIF, JUnit or OSCAL to its dashboards, and an analyst opens a
  spreadsheet. Every format tells the same verdicts, says where each answer came from, and
  stays harmless whatever a profile contains.

  Background:
    Given the profiles of two fictional countries, Mixland and Nulland, and a waiver for Nulland

  Scenario Outline: Every format tells the same gap
    When the countries are checked and the report is written as <format>
    Then the <format> file shows the gap in "SG-BIO-01" for Mixland

    Examples:
      | format   |
      | html     |
      | docx     |
      | sarif    |
      | junit    |
      | csv      |
      | oscal    |
      | json     |
      | markdown |
      | text     |
      | github   |
      | gitlab   |

  Scenario: A code-scanning dashboard points at the decisive answer
    When the countries are checked and the report is written as sarif
    Then the dashboard points the gap in "SG-BIO-01" for Mixland at line 26 of its profile

  Scenario: A pull request shows each gap on the line that decides it
    When the countries are checked and the report is written as github
    Then the pull request shows "SG-BIO-01" for Mixland as an error at line 26 of its profile
    And the pull request shows "SG-CON-02" for Mixland as a notice at line 10 of its profile
    And the pull request shows "SG-TRA-01" for Nulland as a notice at line 14 of its profile

  Scenario: A merge request does not list a gap that a waiver accepts
    When the countries are checked and the report is written as gitlab
    Then the gitlab file shows the gap in "SG-BIO-01" for Mixland
    And the merge request lists no issue for "SG-TRA-01" of Nulland

  Scenario Outline: An open question whose answer has lapsed says until when it was answered
    When the countries are checked and the report is written as <format>
    Then the <format> file says of "interception.max_days" for Mixland that it was "answered until 2023-12-31 (line 22); nothing in force on 2024-06-01"

    Examples:
      | format   |
      | markdown |
      | text     |
      | github   |
      | gitlab   |
      | json     |

  Scenario: Continuous integration sees gaps as failing tests, open questions as skipped
    When the countries are checked and the report is written as junit
    Then the test of "SG-BIO-01" for Mixland fails
    And the test of "SG-CON-02" for Mixland is skipped
    And the test of "SG-TRA-01" for Nulland is skipped

  Scenario: A pipeline that insists on complete profiles sees open questions as errors
    When the countries are checked with "--undetermined-as error" and the report is written as junit
    Then the test of "SG-BIO-01" for Mixland fails
    And the test of "SG-CON-02" for Mixland ends in an error

  Scenario: A spreadsheet cannot be made to run a formula
    Given a profile whose country is named "=HYPERLINK(""http://evil.example"",""click"")"
    When the country is checked and the report is written as csv
    Then no cell of the spreadsheet starts a formula
    And the country's name is shown as "'=HYPERLINK(""http://evil.example"",""click"")"

  Scenario: A line break in a name cannot forge a command in a CI log
    Given a profile whose country's name breaks the line before "::error file=x::forged"
    When the country is checked and the report is written as text
    Then no line of the report starts a workflow command
    And the report shows the name as "Nulland<U+000A>::error file=x::forged (NX)"

  Scenario: Findings roll up under the submission's proposals
    When the countries are checked with the findings rolled up by proposal
    Then proposal "S9" is partial for Mixland
    And proposal "S12" is waived for Nulland
    And proposal "S14" is a gap for Mixland

  Scenario: The same inputs give the same file
    When the countries are checked twice and the report is written as docx both times
    Then both files are identical, byte for byte
