Feature: Biometric and other sensitive data need an additional court order
  Biometric data identify a person for life. The submission asks that, when
  "sensitive information, such as biometric data" is requested, an additional court
  order be required before service providers can process the request. Biometric data
  are the example, not the limit: genetic and health data, the other special
  categories that data-protection law singles out, and children's data are sensitive
  too. No binding instrument reviewed demands an additional order: data-protection
  law treats these data as special categories, which only partly meets the safeguard.

  Scenario Outline: An additional court order for biometric and other sensitive data
    Given a jurisdiction that answers:
      | fact                                      | answer    |
      | biometric.additional_court_order          | <order>   |
      | biometric.special_category                | <special> |
      | sensitive_data.additional_court_order_for | <others>  |
      | sensitive_data.special_categories         | <listed>  |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is <status>

    Examples:
      | order   | special | others                                                                                                                                                    | listed           | status       |
      | true    | unknown | [genetic, health, sex_life_or_sexual_orientation, racial_or_ethnic_origin, political_opinions, religious_or_philosophical_beliefs, trade_union_membership, children] | unknown          | met          |
      | true    | true    | [genetic, health]                                                                                                                                         | unknown          | partial      |
      | true    | unknown | []                                                                                                                                                        | []               | partial      |
      | false   | true    | unknown                                                                                                                                                   | unknown          | partial      |
      | false   | false   | [health]                                                                                                                                                  | unknown          | partial      |
      | false   | false   | []                                                                                                                                                        | [health, genetic] | partial      |
      | false   | false   | []                                                                                                                                                        | []               | gap          |
      | true    | unknown | unknown                                                                                                                                                   | unknown          | undetermined |
      | unknown | true    | unknown                                                                                                                                                   | unknown          | undetermined |
      | false   | false   | unknown                                                                                                                                                   | unknown          | undetermined |

  Scenario: An additional order for biometric data alone leaves health and children's data uncovered, which decides the finding
    Given a national law that answers:
      | fact                                      | answer |
      | biometric.additional_court_order          | true   |
      | sensitive_data.additional_court_order_for | []     |
    When the jurisdiction is checked
    Then the finding for "SG-BIO-01" rests on "sensitive_data.additional_court_order_for"

  Scenario: Special-category rules without an additional order decide the finding, whatever the other categories
    Given a national law that answers:
      | fact                             | answer |
      | biometric.additional_court_order | false  |
      | biometric.special_category       | true   |
    When the jurisdiction is checked
    Then the finding for "SG-BIO-01" rests on "biometric.special_category"

  Scenario: Knowing only that biometric data are a special category leaves the question of a court order open
    Given a national law that answers:
      | fact                       | answer |
      | biometric.special_category | true   |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is undetermined
    And the finding for "SG-BIO-01" asks "biometric.additional_court_order"

  Scenario: A treaty that says nothing about biometric or other sensitive data misses the safeguard
    Given a treaty that answers:
      | fact                                      | answer |
      | biometric.additional_court_order          | false  |
      | biometric.special_category                | false  |
      | sensitive_data.additional_court_order_for | []     |
      | sensitive_data.special_categories         | []     |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is gap
    And the finding for "SG-BIO-01" rests on "biometric.additional_court_order"

  Scenario: A treaty silent on biometric data may still protect other sensitive data, so the question stays open
    Given a treaty that answers:
      | fact                             | answer |
      | biometric.additional_court_order | false  |
      | biometric.special_category       | false  |
    When the jurisdiction is checked
    Then safeguard "SG-BIO-01" is undetermined
    And the finding for "SG-BIO-01" asks "sensitive_data.special_categories"

  Scenario Outline: The additional order for a child's data must come from a judge and be a separate order
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                        | answer                     |
      | data.categories_requested   | [user.children, user.name] |
      | biometric_order.present     | true                       |
      | biometric_order.issuer_type | <issuer>                   |
      | biometric_order.reference   | <reference>                |
      | biometric_order.issued_at   | 2026-10-20                 |
    When the request is audited
    Then safeguard "SG-BIO-01" is <status>

    Examples:
      | issuer            | reference   | status |
      | judge             | CH-26/0007  | met    |
      | public_prosecutor | CH-26/0007  | gap    |
      | judge             | JI 26/00871 | gap    |

  Scenario Outline: A workflow's gate for sensitive data covers biometrics and stands before production
    Given the strong example workflow
    And the workflow answers:
      | fact                        | answer   |
      | steps.biometric_gate.covers | <covers> |
      | steps.biometric_gate.order  | <order>  |
    When the workflow is checked
    Then safeguard "SG-BIO-01" is <status>

    Examples:
      | covers                                  | order | status  |
      | [biometric, special_category, children] | 4     | met     |
      | [special_category, children]            | 4     | partial |
      | [biometric, special_category, children] | 10    | partial |
