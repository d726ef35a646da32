"""Demo data: the 2025 nominations of the seed campaign's authors, three stars of the
month and the star of the year chosen by the reviewer, one essay recommended to the
competition's judge (a demo login)."""

from datetime import date, datetime

from django.contrib.auth.models import Group
from django.utils import timezone, translation

from community_portal.core.seeding import DemoLogin, add_translations
from members.demo import demo_password, ensure_member
from members.models import User
from recognition import demo_texts, services
from recognition.enums import StarKind
from recognition.judges import JUDGES_GROUP
from recognition.models import EssayRecommendation, Nomination
from submissions.enums import SubmissionState
from submissions.models import Submission

STARS = [
    # month, member, citation
    (
        date(2025, 2, 1),
        "linxiao",
        "Opened the co-written tutorial with the three-zone deployment chapter.",
    ),
    (
        date(2025, 3, 1),
        "chenjing",
        "A migration story from MySQL that half the forum has bookmarked.",
    ),
    (
        date(2025, 3, 1),
        "linxiao",
        "Backup and restore to NFS, step by step: the chapter everyone asked for.",
    ),
]
YEAR_STAR = (
    2025,
    "linxiao",
    "Two chapters and a steady hand in the forum: the year's most generous author.",
)


def seed():
    judge = ensure_member(username="judge", email="judge@example.org", display_name="Long Da")
    judges, _created = Group.objects.get_or_create(name=JUDGES_GROUP)
    judge.groups.add(judges)
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is not None:
        with translation.override("en"):
            _stars(reviewer)
            _essay(reviewer)
    return [DemoLogin(role="judge", email=judge.email, password=demo_password("judge"))]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, 28, 10, 0))


def _stars(reviewer):
    for month in (date(2025, month, 1) for month in range(1, 8)):
        services.nominations_for_month(month=month, now=_at(month))
    for month, username, citation in STARS:
        _choose(StarKind.MONTH, month, username, citation, reviewer, at=_at(month))
    year, username, citation = YEAR_STAR
    _choose(
        StarKind.YEAR, date(year, 1, 1), username, citation, reviewer, at=_at(date(year, 12, 1))
    )


def _choose(kind, period, username, citation, reviewer, *, at):
    nomination = Nomination.objects.filter(
        kind=kind, period=period, member__username=username
    ).first()
    if nomination is None:
        return
    if not nomination.is_star:
        nomination = services.star_choose(
            nomination=nomination, reviewer=reviewer, citation=citation, now=at
        )
    add_translations(nomination, {"citation": demo_texts.CITATIONS[citation]})


def _essay(reviewer):
    submission = Submission.objects.filter(
        state=SubmissionState.SELECTED,
        author__username="linxiao",
        title="Backup and restore to NFS, step by step",
    ).first()
    if submission is None or EssayRecommendation.objects.filter(submission=submission).exists():
        return
    services.essay_recommend(submission=submission, reviewer=reviewer, note=demo_texts.ESSAY_NOTE)
