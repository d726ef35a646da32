"""The Celery app a test's worker process runs: the portal's, with the test's own queue
as its default queue, so the tasks the worker itself queues (deliveries after a
reminder) come back to it and to no other worker."""

import os

from community_portal.celery import app

app.conf.task_default_queue = os.environ["TEST_CELERY_QUEUE"]
