Feature: Users are told about demands for their data
  Private organizations must be transparent with their users: the user is notified, or a
  documented exception defers the notice, and a deferred notice goes out once the exception
  lapses.

  Scenario: The user was notified before the subscriber data was disclosed
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-TRA-11" is met

  Scenario: The organization declined to tell the user and recorded no exception
    Given the direct demand from the Spanish police of the example log (DR-2026-0110)
    When the request is audited
    Then safeguard "SG-TRA-11" is a gap

  Scenario: The record does not say whether the user was notified
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    And the request answers:
      | fact          | answer  |
      | notice.status | unknown |
    When the request is audited
    Then safeguard "SG-TRA-11" is undetermined

  Scenario: Nothing was disclosed, so there is nothing to tell
    Given the real-time demand of the example log (DR-2026-0108)
    When the request is audited
    Then safeguard "SG-TRA-11" is not applicable

  Scenario: The notice waits for a court's gag that is still in force
    Given the search warrant for content of the example log (DR-2026-0103)
    When the request is audited
    Then safeguard "SG-TRA-12" is met

  Scenario: The emergency ended two months ago and the user was never told
    Given the emergency request of the example log (DR-2026-0104)
    When the request is audited
    Then safeguard "SG-TRA-12" is a gap

  Scenario: The record does not say when the emergency ended
    Given the emergency request of the example log (DR-2026-0104)
    And the request answers:
      | fact               | answer  |
      | timeline.closed_at | unknown |
    When the request is audited
    Then safeguard "SG-TRA-12" is undetermined

  Scenario: A notice that was sent at once was never deferred
    Given the subpoena for subscriber data of the example log (DR-2026-0101)
    When the request is audited
    Then safeguard "SG-TRA-12" is not applicable
