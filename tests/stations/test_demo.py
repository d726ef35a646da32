"""The stations demo data shows a followed-up past event (issue 16, item 5)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from stations.models import EventFeedback, EventPhoto, EventSummary

pytestmark = pytest.mark.django_db


def test_demo_has_a_followed_up_past_event_with_its_rating_on_the_page(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing

    summary = EventSummary.objects.select_related("event__station").get()
    event = summary.event
    assert EventFeedback.objects.filter(event=event).count() >= 3
    assert EventPhoto.objects.filter(event=event).count() == 1
    page = client.get(reverse("stations:event", args=[event.station.slug, event.pk]))
    text = page.content.decode()
    assert "About thirty people came." in text
    assert "out of 5 by 4 attendees" in text
