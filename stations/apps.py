from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    """City and university stations: pages, roles, events, calendar feeds."""

    name = "stations"
    verbose_name = _("Stations")
    # Synced into the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "stations.view_station",
        "stations.change_station",
        "stations.view_foundingrequest",
        "stations.change_foundingrequest",
        "stations.view_membership",
        "stations.view_joinrequest",
        "stations.view_event",
        "stations.change_event",
        "stations.view_registration",
        "stations.view_stationlogentry",
    ]

    def ready(self):
        from members.progress import register_measure
        from stations import selectors

        register_measure(
            "stations.events_attended",
            label=_("events attended"),
            count=lambda member, since=None: selectors.events_attended_count(
                member=member, since=since
            ),
            counts_as_activity=True,
        )
        register_measure(
            "stations.roles",
            label=_("station roles held"),
            count=lambda member, since=None: selectors.station_roles_for_member(
                member=member
            ).count(),
        )
