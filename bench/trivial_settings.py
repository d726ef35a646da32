"""The trivial one-view Django site the portal's pages are compared with.

Served by its own gunicorn beside the portal in the same run, so both see the
same machine: the ratio of throughputs says what the portal's pages cost.
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-trivial-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True


def hello(request):
    return HttpResponse("Hello, world.\n", content_type="text/plain")


urlpatterns = [path("", hello)]
