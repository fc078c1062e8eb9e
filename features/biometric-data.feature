Feature: Biometric data need an additional court order
  Biometric data identify a person for life. The submission asks that, when
  biometric or other sensitive data are requested, an additional court order be
  required before service providers can process the request. No binding instrument
  reviewed demands this: data-protection law treats biometric data as a special
  category, which only partly meets the safeguard.

  Scenario Outline: An additional court order for biometric data
    Given a jurisdiction that answers:
      | fact                             | answer    |
      | biometric.additional_court_order | <order>   |
      | biometric.special_category       | <special> |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is <status>

    Examples:
      | order   | special | status       |
      | true    | unknown | met          |
      | true    | false   | met          |
      | false   | true    | partial      |
      | false   | false   | gap          |
      | unknown | true    | undetermined |
      | false   | unknown | undetermined |

  Scenario: A separate judicial order for biometric data meets the safeguard
    Given a national law that answers:
      | fact                             | answer |
      | biometric.additional_court_order | true   |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is met
    And the finding for "SG-BIO-01" rests on "biometric.additional_court_order"

  Scenario: Knowing only that biometric data are a special category leaves the question of a court order open
    Given a national law that answers:
      | fact                       | answer |
      | biometric.special_category | true   |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is undetermined
    And the finding for "SG-BIO-01" asks "biometric.additional_court_order"

  Scenario: A treaty that says nothing about biometric data misses the safeguard
    Given a treaty that answers:
      | fact                             | answer |
      | biometric.additional_court_order | false  |
      | biometric.special_category       | false  |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is gap
    And the finding for "SG-BIO-01" rests on "biometric.additional_court_order"
