Feature: Whose jurisdiction applies
  The submission asks that international cooperation clearly define whose
  jurisdiction applies, in particular when private-sector stakeholders such as
  service providers are involved. Two things are checked: a rule for settling
  competing claims, and a rule for cases that involve providers across borders —
  which State's order binds the provider, through which channel, how its conflicting
  obligations are resolved, and whether the other State is notified.

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

  Scenario Outline: A rule for investigations involving private-sector stakeholders, element by element
    Given a jurisdiction that answers:
      | fact                                                | answer     |
      | jurisdiction.private_sector_rule                    | <rule>     |
      | jurisdiction.private_sector.binding_order           | <binding>  |
      | jurisdiction.private_sector.channel                 | <channel>  |
      | jurisdiction.private_sector.conflicting_obligations | <conflict> |
      | jurisdiction.private_sector.affected_state_notified | <notified> |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-02" is <status>

    Examples:
      | rule    | binding | channel | conflict | notified | status       |
      | true    | true    | true    | true     | true     | met          |
      | true    | true    | true    | true     | false    | partial      |
      | true    | true    | unknown | false    | unknown  | partial      |
      | false   | unknown | unknown | unknown  | unknown  | gap          |
      | true    | true    | true    | true     | unknown  | undetermined |
      | unknown | true    | true    | true     | true     | undetermined |

  Scenario: Orders bind providers wherever the data are, but the other State is never told
    Given a national law that answers:
      | fact                                                | answer |
      | jurisdiction.private_sector_rule                    | true   |
      | jurisdiction.private_sector.binding_order           | true   |
      | jurisdiction.private_sector.channel                 | true   |
      | jurisdiction.private_sector.conflicting_obligations | true   |
      | jurisdiction.private_sector.affected_state_notified | false  |
    When the jurisdiction is checked
    Then the finding for "SG-JUR-02" rests on "jurisdiction.private_sector.affected_state_notified"

  Scenario: An instrument without any rule for private-sector stakeholders misses the safeguard without the details
    Given a treaty that answers:
      | fact                             | answer |
      | jurisdiction.private_sector_rule | false  |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-02" is gap
    And the finding for "SG-JUR-02" rests on "jurisdiction.private_sector_rule"

  Scenario: A treaty with a consultation duty but no word on providers is open on the second question
    Given a treaty that answers:
      | fact                                          | answer |
      | jurisdiction.consultation_on_competing_claims | true   |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-01" is met
    And safeguard "SG-JUR-02" is undetermined
    And the finding for "SG-JUR-02" asks "jurisdiction.private_sector_rule"

  Scenario Outline: A rule for private-sector stakeholders needs binding orders and a channel
    Given a jurisdiction that answers:
      | fact                                                | answer    |
      | jurisdiction.private_sector_rule                    | true      |
      | jurisdiction.private_sector.binding_order           | <binding> |
      | jurisdiction.private_sector.channel                 | <channel> |
      | jurisdiction.private_sector.conflicting_obligations | true      |
      | jurisdiction.private_sector.affected_state_notified | true      |
    When the jurisdiction is checked
    Then safeguard "SG-JUR-02" is <status>

    Examples:
      | binding | channel | status  |
      | true    | true    | met     |
      | false   | true    | partial |
      | true    | false   | partial |

  Scenario Outline: A European production order for content reaches a user abroad only after the notification
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                                         | answer      |
      | cross_border.user_residence_country          | <residence> |
      | cross_border.enforcing_authority_notified_at | <notified>  |
    When the request is audited
    Then safeguard "SG-JUR-02" is <status>

    Examples:
      | residence | notified             | status |
      | FR        | unknown              | met    |
      | BE        | 2026-10-19T07:30:00Z | met    |
      | BE        | unknown              | gap    |

  Scenario: A European production order for subscriber data alone needs no notification
    Given the European production order for a voiceprint of the example log (DR-2026-0107)
    And the request answers:
      | fact                                         | answer       |
      | data.categories_requested                    | [user.name]  |
      | data.tiers_requested                         | [subscriber] |
      | cross_border.user_residence_country          | BE           |
      | cross_border.enforcing_authority_notified_at | unknown      |
    When the request is audited
    Then safeguard "SG-JUR-02" is met
