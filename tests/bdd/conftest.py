"""Step definitions for the living spec, one module per area, gathered here."""

from tests.bdd.steps_basis import *  # noqa: F403
from tests.bdd.steps_common import *  # noqa: F403
from tests.bdd.steps_coverage import *  # noqa: F403
from tests.bdd.steps_lawyer import *  # noqa: F403
from tests.bdd.steps_org import *  # noqa: F403
from tests.bdd.steps_reports import *  # noqa: F403
