"""Settings for the test suite: the project's own, in development mode.

DEBUG is off unless set, but the suite drives the site as `make run` serves it
(plain HTTP, static files from the source folders); the test runner still
switches DEBUG itself off while tests run. Production mode has its own tests,
in a separate process with a production environment
(tests/core/test_production_settings.py). Set here, not in the shell, so that
`pytest` works the same from any shell, and the processes tests start (workers,
probes) inherit it.
"""

import os

os.environ["DEBUG"] = "1"

from community_portal.settings import *  # noqa: F403

# The replica alias as a test mirror of the primary, so that the router can be
# tested; reads go to it only where a test switches REPLICA_READS on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
