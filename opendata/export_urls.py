"""The static-site export as JSON: /api/v1/exports/hugo/<language>/<name>.json, where name is
stations, showcase or acknowledgments.

Mounted at ``exports/`` by the site's urls.py; the read API may mount the same
module under /api/v1/exports/.
"""

from django.urls import path

from opendata import views

app_name = "exports"

urlpatterns = [
    path("hugo/<str:language>/<slug:name>.json", views.hugo_export, name="hugo"),
]
