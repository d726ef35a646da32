"""Mounted at /integrations/: the webhook receivers and the member's drafts."""

from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("hooks/github/", views.github_webhook, name="github_webhook"),
    path("hooks/discourse/", views.discourse_webhook, name="discourse_webhook"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
]
