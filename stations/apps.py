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
        "stations.view_eventsummary",
        "stations.view_eventphoto",
        "stations.view_eventfeedback",
    ]

    def ready(self):
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import register_review_queue
        from members.progress import register_measure
        from stations import reminders, selectors

        register_measure(
            "stations.events_attended",
            label=_("events attended"),
            count=lambda member, since=None: selectors.events_attended_count(
                member=member, since=since
            ),
            counts_as_activity=True,
            tally=lambda: selectors.events_attended_tally(),
        )
        register_measure(
            "stations.roles",
            label=_("station roles held"),
            count=lambda member, since=None: selectors.station_roles_for_member(
                member=member
            ).count(),
            tally=lambda: selectors.station_roles_tally(),
        )
        register_reminder(
            "events",
            description=_("Registrants holding a seat: the event starts within 24 hours."),
            run=reminders.remind_events,
            task="stations.tasks.remind_events",
        )
        register_reminder(
            "station-health",
            description=_(
                "Leads and deputies: no event for 4 months. Reviewers: no event for 6 months "
                "(mark it dormant?), a lead inactive for 6 months (succession suggested)."
            ),
            run=reminders.remind_station_health,
            task="stations.tasks.remind_station_health",
        )
        register_reminder(
            "event-feedback",
            description=_("Checked-in attendees: the event has ended, feedback is welcome."),
            run=reminders.remind_event_feedback,
            # The same beat as the event reminders: the task runs both.
            task="stations.tasks.remind_events",
        )
        register_review_queue("stations.founding_requests", reminders.overdue_founding_requests)
        _invalidate_public_pages()


def _invalidate_public_pages():
    """Station pages, events and feeds show stations, their roles, events and seats."""
    from community_portal.core.page_cache import invalidate_on
    from stations import models

    for model in (
        models.Station,
        models.Membership,
        models.Event,
        models.Registration,
        models.EventSummary,
        models.EventPhoto,
        models.EventFeedback,
    ):
        invalidate_on(model, "stations")
