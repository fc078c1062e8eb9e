"""Step definitions for the living spec, one module per area, gathered here."""

from tests.bdd.steps_common import *  # noqa: F403
# steps of tests/bdd/steps_org.py (workflows, requests, logs) are imported here
# steps of tests/bdd/steps_lawyer.py (init, missing, explain, set, waivers) are imported here
# steps of tests/bdd/steps_reports.py (formats, matrix, diff) are imported here
