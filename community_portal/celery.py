"""The Celery application; its configuration is the ``CELERY_*`` Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community_portal.settings")

app = Celery("community_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

if os.environ.get("LOG_FORMAT") == "json":
    from celery.signals import setup_logging

    @setup_logging.connect
    def keep_django_logging(**kwargs):
        """Workers and beat log through Django's LOGGING too: one JSON object a line.

        Connecting any receiver stops Celery from installing its own log format."""
