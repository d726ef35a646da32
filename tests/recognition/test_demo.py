"""``make run`` shows a star of the month in the hall of fame."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from recognition.enums import StarKind
from recognition.models import EssayRecommendation, Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development_mode(settings):
    settings.DEBUG = True


def test_demo_has_stars_in_the_hall_of_fame_and_an_essay_for_the_judge(client):
    call_command("seed_demo")
    call_command("seed_demo")  # a second run changes nothing

    stars = Nomination.objects.stars()
    assert stars.filter(kind=StarKind.MONTH).count() == 3
    assert stars.get(kind=StarKind.YEAR).member.username == "linxiao"
    assert "以三可用区部署" in stars.get(period__month=2).citation_zh_hans
    page = client.get(reverse("recognition:hall")).content.decode()
    assert "Opened the co-written tutorial" in page
    assert EssayRecommendation.objects.count() == 1
    client.login(username="judge", password="demo-judge-2026")
    assert "Backup and restore to NFS" in client.get(reverse("recognition:essays")).content.decode()
