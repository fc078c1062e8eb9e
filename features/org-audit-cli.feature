Feature: Auditing a request log and publishing transparency figures from the command line
  A compliance officer runs the audit in CI on the organization's request log and computes the
  figures of the transparency report from the same log. Bad records are reported by their line,
  never silently dropped, and no personal identifier ever appears in the output.

  Scenario: The audit of the example log finds gaps and writes one line per applicable check
    Given the example request log
    When the compliance officer runs safeguards audit --findings OUT/findings.jsonl
    Then the command exits with status 1
    And the output says "10 requests read, 0 unreadable"
    And the output says "DR-2026-0110"
    And the file findings.jsonl holds 96 lines

  Scenario: A malformed record is counted and listed with its line
    Given a request log whose line 3 is not valid JSON
    When the compliance officer runs safeguards audit --fail-on none
    Then the command exits with status 0
    And the output says "1 unreadable"
    And the output says "log.jsonl:3:"

  Scenario: In strict mode the first malformed record stops the audit
    Given a request log whose line 3 is not valid JSON
    When the compliance officer runs safeguards audit --strict --findings OUT/findings.jsonl
    Then the command exits with status 2
    And the output says "log.jsonl:3:"
    And no traceback is shown
    And no file findings.jsonl is written

  Scenario: A dashboard's results point at each request's line, past a line no parser reads
    Given a request log whose line 3 is a list nested 5000 deep
    When the compliance officer runs safeguards audit --format sarif --fail-on none -o OUT/audit.sarif
    Then the command exits with status 0
    And no traceback is shown
    And every result in audit.sarif points at the line of its request

  Scenario: A request given twice is pointed at on each of its own lines, also when piped in
    Given a request log that gives its line 10 again as line 11
    When the compliance officer's shell pipes it into safeguards audit - --format sarif --fail-on none -o OUT/audit.sarif
    Then the command exits with status 0
    And every result in audit.sarif points at the line of its request
    And the results in audit.sarif of the request on line 10 point at lines 10 and 11, as many at each

  Scenario: A log kept compressed is piped in under its own name, and the results point at it
    Given the year-long example request log, kept compressed
    When the compliance officer's shell decompresses it into safeguards audit - --stdin-filename logs/2026.jsonl --format sarif --fail-on none -o OUT/audit.sarif
    Then the command exits with status 0
    And every result in audit.sarif points at the line of its request
    And every result in audit.sarif names the log logs/2026.jsonl

  Scenario: A SARIF for GitHub keeps the most severe results, within what it accepts
    Given the example request log
    When the compliance officer runs safeguards audit --format sarif --max-results 10 --fail-on none -o OUT/audit.sarif
    Then the command exits with status 0
    And the output says "5 SARIF results left out, the least severe"
    And every result in audit.sarif points at the line of its request

  Scenario: Two workers in strict mode stop at the first malformed record, as one process does
    Given a generated request log of 5000 requests whose lines 3 and 2500 are not valid JSON
    When the compliance officer's shell runs safeguards audit --strict --jobs 2 --findings OUT/findings.jsonl
    Then the command exits with status 2
    And the output says "log.jsonl:3:"
    And no traceback is shown
    And no file findings.jsonl is written

  Scenario: The reference evaluator gives the same findings and summary, to check the audit's fast path
    Given a generated request log of 3000 requests, a fifth of them spoiled
    When the compliance officer's shell runs safeguards audit --fail-on none --findings OUT/findings.jsonl --format json -o OUT/summary.json
    Then the command exits with status 0
    And the files findings.jsonl and summary.json are those the reference evaluator writes

  Scenario: A log written over while two workers read it stops the audit
    Given a generated request log of 5000 requests
    When an export writes over line 2500 of the log while the compliance officer's shell runs safeguards audit --jobs 2 --findings OUT/findings.jsonl
    Then the command exits with status 2
    And the output says "the log changed while it was read"
    And no traceback is shown
    And no file findings.jsonl is written

  Scenario: A CSV log saved with Macintosh line ends is refused with what to do
    Given the example request log as a CSV whose lines end in a carriage return alone
    When the compliance officer runs safeguards audit --input-format csv
    Then the command exits with status 2
    And the output says "log.csv:1:"
    And the output says "save the log as 'CSV UTF-8'"
    And no traceback is shown

  Scenario: A CSV log saved by a spreadsheet in a European locale is read as it is parted
    Given the example request log as a CSV whose cells are parted by semicolons
    When the compliance officer runs safeguards audit --fail-on none
    Then the command exits with status 0
    And the output says "10 requests read, 0 unreadable"

  Scenario: Two workers read a CSV log whose cells run over lines as one process reads it
    Given the example request log as a CSV whose authorities' names run over two lines
    When the compliance officer's shell runs safeguards audit --jobs 2 --findings OUT/findings.jsonl, the workers taking 3 lines at a time
    Then the command exits with status 1
    And workers read the log's chunks
    And the output says "10 requests read, 0 unreadable"
    And the file findings.jsonl is the one a single process writes

  Scenario: A log of a few requests is read by one process, whatever --jobs says
    Starting workers costs each of them tens of milliseconds: a log of fewer than 2,500
    lines is read by the audit's own process, with the same findings.
    Given the example request log
    When the compliance officer's shell runs safeguards audit --jobs 2 --fail-on none --findings OUT/findings.jsonl, watching for workers
    Then the command exits with status 0
    And no worker read the log's chunks
    And the file findings.jsonl is the one a single process writes

  Scenario: An organization that exports one log a day audits the folder that keeps them
    A folder stands for the logs in it, read in name order: the findings are those of the
    logs named one by one. A note and a hidden file beside them are not logs.
    Given the example request log exported one day at a time into a folder, beside a note and a copy still being written
    When the compliance officer runs safeguards audit --findings OUT/findings.jsonl
    Then the command exits with status 1
    And the output says "10 requests read, 0 unreadable"
    And the file findings.jsonl holds 96 lines

  Scenario: Two workers share out a folder of small daily logs, a whole log each
    Each log is too small to be parted, but together they hold lines enough for two
    workers: each log goes whole to the next free worker, and the findings are those one
    process writes.
    Given a generated request log of 3000 requests, a fifth of them spoiled, exported one day at a time into a folder of 30 logs
    When the compliance officer's shell runs safeguards audit --jobs 2 --fail-on none --findings OUT/findings.jsonl, watching for workers
    Then the command exits with status 0
    And workers audited the logs, a whole log at a time
    And the file findings.jsonl is the one a single process writes

  Scenario: A folder with no log in it is refused, not passed as an audit of nothing
    Given a folder of request logs that holds only a spreadsheet
    When the compliance officer runs safeguards audit --findings OUT/findings.jsonl
    Then the command exits with status 2
    And the output says "logs:1:1: folder holds no request log"
    And no traceback is shown
    And no file findings.jsonl is written

  Scenario: The requests are audited in the database the request-tracking system keeps
    Given the example request log kept in an SQLite database
    When the compliance officer runs safeguards audit --fail-on none
    Then the command exits with status 0
    And the output says "10 requests read, 0 unreadable"
    And the output says "DR-2026-0110 (row 10)"
    And the database is as it was

  Scenario: Two workers read the database's table themselves, as one process reads it
    Given the example request log kept in an SQLite database
    When the compliance officer's shell runs safeguards audit --jobs 2 --fail-on none --findings OUT/findings.jsonl
    Then the command exits with status 0
    And the output says "10 requests read, 0 unreadable"
    And the file findings.jsonl is the one a single process writes

  Scenario: A query gives a tracking system's own columns the names of facts
    Given a request-tracking database whose table tickets names its columns its own way
    When the compliance officer runs safeguards audit --fail-on none --query "SELECT ref AS id, received AS [intake.received_at], country AS [authority.country], urgent AS [emergency.flag] FROM tickets"
    Then the command exits with status 0
    And the output says "2 requests read, 0 unreadable"
    And the database is as it was

  Scenario: A query that would change the database is refused, and the database left alone
    Given the example request log kept in an SQLite database
    When the compliance officer runs safeguards audit --query "DELETE FROM requests"
    Then the command exits with status 2
    And the output says "--query cannot run on"
    And the output says "it may only read"
    And no traceback is shown
    And the database is as it was

  Scenario: The transparency tables of the half-year, percentages over closed requests
    Given the example request log
    When the compliance officer runs safeguards transparency --period 2026-H2
    Then the command exits with status 0
    And the output says "T1 Requests by country and legal process"
    And the output says "over closed requests only"

  Scenario: Small cells are suppressed with a footnote
    Given the example request log
    When the compliance officer runs safeguards transparency --period 2026-H2 --min-cell 3
    Then the output says "Counts from 1 to 2 are shown as '<3'"
    And the output says "&lt;3"

  Scenario: Transparency tables protect small cells unless told otherwise
    Given the example request log
    When the compliance officer runs safeguards transparency --period 2026-H2
    Then the output says "Counts from 1 to 4 are suppressed and shown as '<5'"
    And the output says "suppressed"

  Scenario: A withheld count cannot be recomputed from totals or from another table
    Given the year-long example request log
    When the compliance officer runs safeguards transparency --period 2026 --format json
    Then the command exits with status 0
    And no withheld count can be solved for from the published sums

  Scenario: A log of a few requests does not print its size
    Given a request log of 3 closed requests, 0 of which were answered late
    When the compliance officer runs safeguards transparency --period 2026 --format markdown
    Then the command exits with status 0
    And the output says "fewer than 5 requests received"

  Scenario: A request exported twice is counted once in the transparency report
    Given the example request log, exported again with its first 3 requests repeated
    When the compliance officer runs safeguards transparency --period 2026-H2 --min-cell 0
    Then the command exits with status 0
    And the output says "10 requests received"
    And the output says "3 records of the period repeat the id of a request already counted"
    And the output says "Repeated request ids (not counted again)"

  Scenario: Two workers count a request exported twice once, as one process does
    Given the example request log, exported again with its first 3 requests repeated
    When the compliance officer's shell runs safeguards transparency --period 2026-H2 --min-cell 0 --jobs 2 -o OUT/tables.md, the workers taking 4 lines at a time
    Then the command exits with status 0
    And workers read the log's chunks
    And the output says "wrote"
    And the file tables.md is the one a single process writes

  Scenario: Publishing every count is said in the report
    Given the example request log
    When the compliance officer runs safeguards transparency --period 2026-H2 --min-cell 0
    Then the output says "No count is suppressed"

  Scenario: A spreadsheet formula in a record cannot run in the exported CSV
    Given a request log whose authority is named "=HYPERLINK(1)"
    When the compliance officer runs safeguards transparency --period 2026-H2 --format csv
    Then the output says "'=HYPERLINK(1)"

  Scenario: A waiver that waives nothing is named, so that a misspelt subject does not pass unseen
    Given the example request log
    And a waiver of "SG-BIO-01" for "example_10" from 2026-11-01 to 2027-01-31, approved by "General Counsel" because "Court order on file, record being corrected."
    When the compliance officer runs safeguards audit --waivers OUT/waivers.yaml --fail-on none
    Then the command exits with status 0
    And the output says "Waiver SG-BIO-01 for example_10: unused: no subject 'example_10' was checked (did you mean 'example-10'?) (until 2027-01-31)"

  Scenario: --ignore-waivers reports the finding a waiver covers, and says the waiver was set aside
    Given the example request log
    And a waiver of "SG-BIO-01" for "example-10" from 2026-11-01 to 2027-01-31, approved by "General Counsel" because "Court order on file, record being corrected."
    When the compliance officer runs safeguards audit --waivers OUT/waivers.yaml --ignore-waivers --fail-on none
    Then the command exits with status 0
    And the output says "0 waived"
    And the output says "Waiver SG-BIO-01 for example-10: unused: set aside by --ignore-waivers; the finding it would waive is reported unwaived (until 2027-01-31)"

  Scenario: A waiver about to expire is annotated at its line in CI
    Given the example request log
    And a waiver of "SG-BIO-01" for "example-10" from 2026-11-01 to 2026-12-15, approved by "General Counsel" because "Court order on file, record being corrected."
    When the compliance officer runs safeguards audit --waivers OUT/waivers.yaml --format github --fail-on none
    Then the command exits with status 0
    And the output says "waivers.yaml,line=3,title=waiver SG-BIO-01 for example-10::Applied until 2026-12-15 (expires within 30 days)"
