"""The filters' selects: every station, campaign and program, the chosen one kept."""

import pytest

from tests.factories.members import ReviewerFactory
from tests.factories.stations import StationFactory

pytestmark = pytest.mark.django_db


def test_station_select_lists_stations_and_keeps_the_choice(client):
    client.force_login(ReviewerFactory())
    harbour, _hill = StationFactory(name="Harbour <&>"), StationFactory(name="Hill")

    html = client.get("/insight/", {"period": "30", "station": harbour.pk}).content.decode()

    assert '<select name="station" id="id_station">' in html
    assert '<option value="">All stations</option>' in html
    assert f'<option value="{harbour.pk}" selected>Harbour &lt;&amp;&gt;</option>' in html
    assert ">Hill</option>" in html
