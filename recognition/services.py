"""Every write of the recognition app: nominations, choosing stars, the green channel.

- ``nominate_on_selection`` runs inside ``submission_select``'s transaction
  (``submissions.selection``): the author is nominated for the month of the
  selection (a local month, settings.TIME_ZONE), once per member and month
  whatever the number of selections — the database's unique key is the guard.
  ``nominations_for_month`` does the same for a whole month (the monthly task,
  and any selection made before this app existed); running it again creates
  nothing.
- ``star_choose`` makes a nominee a star, with a citation, through
  ``change_state``: a reviewer, never the nominee, once (the row lock; a second
  choice finds the nomination chosen already). A star of the month becomes a
  nominee for the star of the year; the star is notified in the transaction.
- ``essay_recommend`` sends a selected submission to the essay competition's
  judges, once, never by its author.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from community_portal.core.formatting import month_param
from community_portal.core.workflow import REVIEWER, change_state
from community_portal.notifications.services import notify, notify_many
from members.models import User
from recognition import judges
from recognition.enums import NOMINATION_TABLE, NominationState, StarKind
from recognition.errors import RecognitionError
from recognition.models import EssayRecommendation, Nomination, NominationTransition
from submissions.enums import SubmissionState
from submissions.models import Submission

MAX_CITATION = 2000
MAX_NOTE = 2000


def month_of(moment: datetime) -> date:
    """The first day of ``moment``'s local month."""
    return timezone.localtime(moment).date().replace(day=1)


def may_choose(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.has_perm("recognition.choose_star")
    )


def may_recommend(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.has_perm("recognition.recommend_essay")
    )


# --- Nominations -------------------------------------------------------------------------


def _nominate(
    *, kind: str, period: date, member_id: int, now: datetime, **links
) -> Nomination | None:
    """The nomination, created with its history row; None when it existed already."""
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                kind=kind, period=period, member_id=member_id, nominated_at=now, **links
            )
    except IntegrityError:
        return None
    NominationTransition.objects.create(
        nomination=nomination, to_state=NominationState.NOMINATED, created_at=now
    )
    return nomination


def nominate_on_selection(*, submission: Submission, reviewer=None) -> Nomination | None:
    """Nominate the author of a just-selected submission for the month of its selection."""
    moment = submission.selected_at or timezone.now()
    return _nominate(
        kind=StarKind.MONTH,
        period=month_of(moment),
        member_id=submission.author_id,
        now=moment,
        submission=submission,
    )


@transaction.atomic
def nominations_for_month(*, month: date, now: datetime | None = None) -> list[Nomination]:
    """Nominate every author whose content was selected in ``month``; return the new ones."""
    month = month.replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime(following.year, following.month, 1, tzinfo=zone)
    authors = (
        Submission.objects.filter(
            state=SubmissionState.SELECTED, selected_at__gte=start, selected_at__lt=end
        )
        .values("author_id")
        .annotate(first=Min("selected_at"))
        .order_by("first")
    )
    have = set(
        Nomination.objects.filter(kind=StarKind.MONTH, period=month).values_list(
            "member_id", flat=True
        )
    )
    created = []
    for row in authors:
        if row["author_id"] in have:
            continue
        first = (
            Submission.objects.filter(
                author_id=row["author_id"],
                state=SubmissionState.SELECTED,
                selected_at=row["first"],
            )
            .order_by("id")
            .first()
        )
        nomination = _nominate(
            kind=StarKind.MONTH,
            period=month,
            member_id=row["author_id"],
            now=now or timezone.now(),
            submission=first,
        )
        if nomination is not None:
            created.append(nomination)
    return created


# --- Choosing the stars ------------------------------------------------------------------


def _citation_changes(citation: str) -> dict:
    """The citation in the reviewer's language, and in the default one if it has none."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return {build_localized_fieldname("citation", language): citation}


@transaction.atomic
def star_choose(
    *, nomination: Nomination, reviewer: User, citation: str, now: datetime | None = None
) -> Nomination:
    """Choose ``nomination``'s member as a star of its month or year, saying why."""
    citation = (citation or "").strip()
    if not citation:
        raise RecognitionError(_("Say why, in the citation."), field="citation")
    if len(citation) > MAX_CITATION:
        raise RecognitionError(
            _("Keep the citation under %(count)s characters.") % {"count": MAX_CITATION},
            field="citation",
        )
    now = now or timezone.now()
    default_field = build_localized_fieldname("citation", settings.LANGUAGE_CODE)

    def changes(row):
        found = _citation_changes(citation)
        if not getattr(row, default_field):
            found.setdefault(default_field, citation)
        return {**found, "chosen_at": now, "chosen_by": reviewer}

    nomination, _source = change_state(
        nomination,
        table=NOMINATION_TABLE,
        target=NominationState.CHOSEN,
        actor=reviewer,
        role=REVIEWER,
        error=RecognitionError,
        may_act=lambda who, row: may_choose(who),
        not_allowed=_("Only a reviewer can choose the stars."),
        involved=lambda row: [row.member_id],
        refused_move=lambda row, source: (
            _("%(member)s is a star already.") % {"member": row.member.public_name}
        ),
        changes=changes,
        comment=citation,
        history=NominationTransition,
        history_fields=lambda row: {"nomination": row},
        queryset=Nomination.objects.select_related("member"),
        now=now,
    )
    if nomination.kind == StarKind.MONTH:
        # The month's stars are the year's nominees.
        _nominate(
            kind=StarKind.YEAR,
            period=nomination.period.replace(month=1),
            member_id=nomination.member_id,
            now=now,
            month_star=nomination,
        )
        subject = gettext_noop("You are a star of the month: %(month)s")
        body = gettext_noop(
            "The reviewers chose you as a star of %(month)s. Their citation:\n\n%(citation)s"
        )
        params = {"month": month_param(nomination.period), "citation": citation}
    else:
        subject = gettext_noop("You are a star of the year %(year)s")
        body = gettext_noop(
            "The reviewers chose you, among the year's stars of the month, as a star of "
            "the year %(year)s. Their citation:\n\n%(citation)s"
        )
        params = {"year": nomination.period.year, "citation": citation}
    notify(
        recipient=nomination.member,
        actor=reviewer,
        subject=subject,
        body=body,
        params=params,
        url=reverse("recognition:year", args=[nomination.period.year]),
        key=f"recognition.star:{nomination.pk}",
    )
    return nomination


# --- The essay competition's green channel ----------------------------------------------


@transaction.atomic
def essay_recommend(
    *, submission: Submission, reviewer: User, note: str = "", now: datetime | None = None
) -> EssayRecommendation:
    """Send a selected submission to the essay competition's judges (seed 004's 绿色通道)."""
    note = (note or "").strip()
    if not may_recommend(reviewer):
        raise RecognitionError(_("Only a reviewer can recommend content to the essay competition."))
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("author", "campaign")
        .get(pk=submission.pk)
    )
    if submission.author_id == reviewer.pk:
        raise RecognitionError(_("You cannot recommend your own submission."))
    if submission.state != SubmissionState.SELECTED:
        raise RecognitionError(
            _("Only selected content can be recommended to the essay competition.")
        )
    if len(note) > MAX_NOTE:
        raise RecognitionError(
            _("Keep the note under %(count)s characters.") % {"count": MAX_NOTE}, field="note"
        )
    if EssayRecommendation.objects.filter(submission=submission).exists():
        raise RecognitionError(
            _("This submission is recommended to the essay competition already.")
        )
    recommendation = EssayRecommendation.objects.create(
        submission=submission,
        recommended_by=reviewer,
        note=note,
        recommended_at=now or timezone.now(),
    )
    params = {"title": submission.title, "author": submission.author.public_name}
    notify(
        recipient=submission.author,
        actor=reviewer,
        subject=gettext_noop("“%(title)s” is recommended to the essay competition"),
        body=gettext_noop(
            "A reviewer sent your selected submission straight to the essay competition's "
            "judges (the green channel). Good luck!"
        ),
        params=params,
        url=submission.get_absolute_url(),
        key=f"recognition.essay.author:{submission.pk}",
    )
    notify_many(
        recipients=judges.judges().exclude(pk__in=[reviewer.pk, submission.author_id]),
        actor=reviewer,
        subject=gettext_noop("For the essay competition: “%(title)s” by %(author)s"),
        body=gettext_noop("A reviewer recommended this selected submission to the judges."),
        params=params,
        url=reverse("recognition:essays"),
    )
    return recommendation
