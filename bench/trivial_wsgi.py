"""WSGI entry point of the trivial site (``gunicorn bench.trivial_wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.trivial_settings"
application = get_wsgi_application()
