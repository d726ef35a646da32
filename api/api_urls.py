"""/api/: the read API's versions; anything else under /api/ is a JSON 404."""

from django.urls import path, re_path

from api.v1.main import api as api_v1
from api.v1.main import not_found

urlpatterns = [
    path("v1/", api_v1.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
