Feature: The request log as a whole is complete and timely
  Some safeguards cannot be judged on one request: a transparency report is only as good as
  the share of requests that record the crime and the purpose, and prompt execution is a
  matter of how many requests were answered in time.

  Scenario: Every closed request records the crime, the purpose and the other accountability fields
    Given a request log of 20 closed requests, 0 of which do not name the crime investigated
    When the log is audited
    Then safeguard "SG-TRA-14" is met

  Scenario: One request in ten does not say which crime is investigated
    Given the example request log
    When the log is audited
    Then safeguard "SG-TRA-14" is a gap
    And the finding for "SG-TRA-14" rests on "log.accountability_coverage_pct"

  Scenario: A log of pending requests says nothing yet about record-keeping
    Given a request log in which every request is still pending
    When the log is audited
    Then safeguard "SG-TRA-14" is undetermined
    And safeguard "SG-INC-02" is undetermined

  Scenario: Nine requests in ten were answered in time
    Given the example request log
    When the log is audited
    Then safeguard "SG-INC-02" is met

  Scenario: Four requests in five were answered in time
    Given a request log of 10 closed requests, 2 of which were answered late
    When the log is audited
    Then safeguard "SG-INC-02" is partially met

  Scenario: Half the requests were answered late
    Given a request log of 10 closed requests, 5 of which were answered late
    When the log is audited
    Then safeguard "SG-INC-02" is a gap
