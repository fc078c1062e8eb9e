Feature: Conditions and safeguards on intrusive investigative powers
  The submission supports the conditions and safeguards of the Convention's
  Article 24: judicial or other independent review, grounds justifying the use of
  a power, and limits on its scope and duration. Intrusive powers are the
  interception of content and the collection of traffic data. A prosecutor who
  directs the investigation is not an independent reviewer, and a treaty that asks
  for review only "as appropriate" leaves the choice to each State.

  Scenario Outline: Judicial or other independent review of intrusive powers
    Given a jurisdiction that answers:
      | fact                        | answer        |
      | powers.review.requirement   | <requirement> |
      | powers.review.urgent_bypass | <urgent>      |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-01" is <status>

    Examples:
      | requirement           | urgent             | status       |
      | all_intrusive_powers  | none               | met          |
      | all_intrusive_powers  | confirmed_promptly | met          |
      | all_intrusive_powers  | unconfirmed        | partial      |
      | most_intrusive_powers | confirmed_promptly | partial      |
      | as_appropriate        | unknown            | partial      |
      | none                  | unknown            | gap          |
      | all_intrusive_powers  | unknown            | undetermined |
      | unknown               | none               | undetermined |

  Scenario: Urgent orders that a judge confirms within days still meet the safeguard
    Given a national law that answers:
      | fact                        | answer               |
      | powers.review.requirement   | all_intrusive_powers |
      | powers.review.urgent_bypass | confirmed_promptly   |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-01" is met
    And the finding for "SG-SAF-01" rests on "powers.review.urgent_bypass"

  Scenario: A treaty that requires review only "as appropriate" partly meets the safeguard
    Given a treaty that answers:
      | fact                      | answer         |
      | powers.review.requirement | as_appropriate |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-01" is partial
    And the finding for "SG-SAF-01" rests on "powers.review.requirement"

  Scenario: Review for every power but an unknown urgent procedure leaves the finding open
    Given a national law that answers:
      | fact                      | answer               |
      | powers.review.requirement | all_intrusive_powers |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-01" is undetermined
    And the finding for "SG-SAF-01" asks "powers.review.urgent_bypass"

  Scenario Outline: Grounds justifying the use of a power
    Given a jurisdiction that answers:
      | fact                                    | answer            |
      | powers.grounds.proportionality_required | <proportionality> |
      | powers.grounds.stated_grounds_required  | <stated_grounds>  |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-02" is <status>

    Examples:
      | proportionality | stated_grounds | status       |
      | true            | true           | met          |
      | true            | false          | partial      |
      | false           | true           | partial      |
      | false           | false          | gap          |
      | unknown         | true           | undetermined |
      | false           | unknown        | undetermined |

  Scenario Outline: The scope of each measure is limited
    Given a jurisdiction that answers:
      | fact                 | answer    |
      | powers.scope.limited | <limited> |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-03" is <status>

    Examples:
      | limited | status       |
      | true    | met          |
      | false   | gap          |
      | unknown | undetermined |

  Scenario Outline: The duration of each measure is limited and renewals are reviewed
    Given a jurisdiction that answers:
      | fact                                    | answer    |
      | powers.duration.limit_fixed             | <limit>   |
      | powers.duration.renewal_requires_review | <renewal> |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-04" is <status>

    Examples:
      | limit   | renewal | status       |
      | true    | true    | met          |
      | true    | false   | partial      |
      | false   | unknown | gap          |
      | true    | unknown | undetermined |
      | unknown | true    | undetermined |

  Scenario Outline: A remedy for affected persons and regard for third parties
    Given a jurisdiction that answers:
      | fact                                | answer        |
      | powers.remedy.effective_remedy      | <remedy>      |
      | powers.remedy.third_party_interests | <third_party> |
    When the jurisdiction is checked
    Then safeguard "SG-SAF-05" is <status>

    Examples:
      | remedy  | third_party | status       |
      | true    | true        | met          |
      | false   | true        | partial      |
      | true    | false       | partial      |
      | false   | false       | gap          |
      | unknown | true        | undetermined |
      | false   | unknown     | undetermined |

  Scenario: A demand that cites the law and states grounds but names no offence falls short
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact             | answer     |
      | offence.category | not_stated |
    When the request is audited
    Then safeguard "SG-SAF-02" is a gap
    And the finding for "SG-SAF-02" rests on "offence.category"

  Scenario: A demand that names no identifier at all is no targeted demand
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact                      | answer |
      | targets.identifiers_count | 0      |
    When the request is audited
    Then safeguard "SG-SAF-03" is a gap
    And the finding for "SG-SAF-03" rests on "targets.identifiers_count"

  Scenario Outline: An emergency disclosure needs no follow-up yet, or none at all
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact                        | answer     |
      | emergency.followup_required | <required> |
      | emergency.followup_due_at   | <due>      |
    When the request is audited
    Then safeguard "SG-SAF-14" is <status>

    Examples:
      | required | due                  | status  |
      | false    | unknown              | met     |
      | true     | 2026-12-15T00:00:00Z | met     |
      | true     | 2026-10-05T00:00:00Z | partial |

  Scenario: A geofence warrant answered as it came, without narrowing it, misses the safeguard
    Given the geofence warrant of the example log (DR-2026-0109)
    And the request answers:
      | fact             | answer     |
      | outcome.pushback | [objected] |
    When the request is audited
    Then safeguard "SG-SAF-03" is a gap

  Scenario Outline: An emergency disclosure nobody justified or approved in writing
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact                    | answer          |
      | emergency.justification | <justification> |
      | emergency.approved_by   | <approved_by>   |
    When the request is audited
    Then safeguard "SG-SAF-14" is <status>

    Examples:
      | justification                | approved_by     | status |
      | unknown                      | le_duty_manager | gap    |
      | credible threat of self-harm | unknown         | gap    |
