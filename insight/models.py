"""Summary rows the dashboard reads instead of whole histories (``insight.summaries``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contributor(models.Model):
    """A member with a selected submission, and when the first one was selected.

    Kept in the transaction of each selection (``summaries.contributor_selected``);
    ``manage.py rebuild_insight_summary [--check]`` rebuilds or checks it from the
    submissions. Deleting the member deletes the row with their submissions.
    """

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("member"),
    )
    first_selected_at = models.DateTimeField(_("first selected"))

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        indexes = [models.Index(fields=["first_selected_at"], name="contributor_first_idx")]

    def __str__(self):
        return f"{self.author_id}: {self.first_selected_at.date().isoformat()}"


class Selection(models.Model):
    """A selected submission on its local day, with its author's selection before it.

    ``previous_day`` is the day of the author's previous selection (in any
    campaign), ``previous_in_campaign`` of their previous one in this campaign;
    None for their first. Members active in a period are then counted without
    grouping by member: each has exactly one selection in the period whose
    previous one came before it (``insight.selectors``). Kept with ``Contributor``
    (``summaries.contributor_selected``), rebuilt and checked by ``manage.py
    rebuild_insight_summary [--check]``.
    """

    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("submission"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    campaign = models.ForeignKey(
        "submissions.Campaign",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("campaign"),
    )
    day = models.DateField(_("day selected"))
    month = models.DateField(_("month selected"))
    previous_day = models.DateField(_("previous selection"), null=True)
    previous_in_campaign = models.DateField(_("previous selection in the campaign"), null=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        indexes = [
            # The dashboard reads these four columns alone (an index-only scan).
            models.Index(fields=["day", "previous_day", "month"], name="selection_day_idx"),
            models.Index(fields=["campaign", "day"], name="selection_campaign_day_idx"),
        ]

    def __str__(self):
        return f"{self.submission_id}: {self.day.isoformat()}"


class EventAttendance(models.Model):
    """An event's seats taken (registered or checked in) and check-ins.

    Kept by the registration's own saves and deletions, in their transaction
    (``summaries`` connects to the model's signals, so the services, the admin
    and the demo data all count); ``rebuild_insight_summary`` rebuilds or checks
    it from the registrations. Deleting the event deletes the row.
    """

    event = models.OneToOneField(
        "stations.Event",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="attendance",
        verbose_name=_("event"),
    )
    seats = models.IntegerField(_("seats taken"), default=0)
    checkins = models.IntegerField(_("check-ins"), default=0)

    class Meta:
        verbose_name = _("event attendance")
        verbose_name_plural = _("event attendance")

    def __str__(self):
        return f"{self.event_id}: {self.seats} / {self.checkins}"


class MembersJoined(models.Model):
    """How many of today's members joined on each local day (``settings.TIME_ZONE``).

    Kept by the members' own creation and deletion (model signals, in their
    transaction); ``rebuild_insight_summary`` rebuilds or checks it.
    """

    day = models.DateField(_("day"), primary_key=True)
    members = models.IntegerField(_("members"), default=0)

    class Meta:
        verbose_name = _("members joined")
        verbose_name_plural = _("members joined")

    def __str__(self):
        return f"{self.day}: {self.members}"


class ReviewTiming(models.Model):
    """One answered request of a kind under review (``insight.review_kinds``): the local
    days it started waiting, was first answered and first decided.

    Kept by ``review_summary.timing_refresh`` in the transaction of each history
    row, each save that moves what it reads and each deletion; it is what the
    request counts for in ``ReviewDay``. ``scope`` is the campaign, program or
    station the kind is filtered by (0: none).
    """

    kind = models.CharField(_("kind"), max_length=40)
    request_id = models.BigIntegerField(_("request"))
    scope = models.BigIntegerField(_("scope"), default=0)
    since = models.DateField(_("waiting for review since"))
    responded_on = models.DateField(_("first response"), null=True, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("review timing")
        verbose_name_plural = _("review timings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "request_id"], name="review_timing_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.request_id}: {self.since} → {self.decided_on or '…'}"


class ReviewDay(models.Model):
    """How many requests of a kind waiting since one day were answered on another:
    the review-time charts read these, a few thousand rows, instead of every history."""

    kind = models.CharField(_("kind"), max_length=40)
    # "response" (first response) or "decision" (first decision).
    measure = models.CharField(_("measure"), max_length=10)
    scope = models.BigIntegerField(_("scope"), default=0)
    since = models.DateField(_("waiting for review since"))
    answered_on = models.DateField(_("answered on"))
    requests = models.IntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("review day")
        verbose_name_plural = _("review days")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "measure", "scope", "since", "answered_on"],
                name="review_day_unique",
            )
        ]
        indexes = [models.Index(fields=["answered_on"], name="review_day_answered_idx")]

    def __str__(self):
        return f"{self.kind} {self.measure}: {self.since} → {self.answered_on}: {self.requests}"
