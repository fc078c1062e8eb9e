"""Steps added so that every leaf of every check is shown true and false; and the recorder."""

from __future__ import annotations

from tests.bdd.coverage import leaf_coverage_recording as leaf_coverage_recording
from tests.bdd.coverage import pytest_deselected as pytest_deselected
from tests.bdd.coverage import pytest_runtest_logreport as pytest_runtest_logreport
