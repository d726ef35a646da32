"""Demo data: the campaign of seed 004 (co-writing the OceanBase 4.x advanced DBA
tutorial) with its four reward rules and a dozen submissions decided through the
services at their historical dates, so the points, the leaderboards and the
acknowledgments are real; plus one campaign open today that members can try.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from community_portal.core.seeding import add_translations
from members.demo import ensure_member
from members.models import User
from submissions import demo_texts, services
from submissions.enums import Channel, RewardRuleKind
from submissions.models import Campaign, PointEntry, RewardRule

SEED_SLUG = "advanced-dba-tutorial"
OPEN_SLUG = "operations-stories"

CONTRIBUTORS = [
    # username, display name, language
    ("linxiao", "林晓", "zh-hans"),
    ("wanglei", "王磊", "zh-hans"),
    ("chenjing", "陈静", "zh-hans"),
    ("zhaoqiang", "赵强", "zh-hans"),
    ("sunyue", "孙悦", "zh-hans"),
]

F, B, P, R = Channel.FORUM_POST, Channel.BLOG_POST, Channel.PULL_REQUEST, Channel.BUG_REPORT

# fmt: off
SEED_SUBMISSIONS = [
    # author, channel, submitted, decision, decided, reviewer's amount, title, comment
    ("linxiao", F, "01-20", "select", "02-10", None,
     "Deploying a three-zone cluster on bare metal", "Clear and complete: welcome aboard!"),
    ("wanglei", B, "01-25", "select", "02-12", None,
     "Tuning memstore_limit_percentage for write-heavy loads", ""),
    ("member", P, "02-03", "select", "02-20", None,
     "A troubleshooting chapter built on obdiag", "Merged into chapter 7."),
    ("chenjing", B, "02-10", "select", "03-01", None,
     "Migrating from MySQL with OMS: lessons learned", ""),
    ("zhaoqiang", F, "02-14", "select", "03-05", None,
     "Reading the SQL audit view to find slow queries", ""),
    ("linxiao", B, "03-02", "select", "03-28", None,
     "Backup and restore to NFS, step by step", "Early bird!"),
    ("wanglei", P, "03-20", "select", "04-08", None,
     "Resource isolation between tenants in practice", ""),
    ("chenjing", R, "03-25", "select", "04-02", 50,
     "Wrong parameter name in the log rotation section", "Good catch."),
    ("zhaoqiang", R, "04-10", "select", "04-15", 20,
     "Broken link in the OCP installation chapter", ""),
    ("sunyue", B, "04-20", "reject", "05-06", None,
     "My first week with the database",
     "Too general for the advanced tutorial; the beginners' guide would welcome it."),
    ("member", B, "05-15", "changes", "05-20", None,
     "Partition pruning in practice",
     "Please add the execution plans you mention in the second part."),
    ("sunyue", F, "06-20", None, None, None,
     "Running the cluster on Kubernetes with ob-operator", ""),
]
# fmt: on

SEED_DESCRIPTION = """\
The first edition of the **OceanBase 4.x advanced DBA tutorial** was finished on
31 December 2024. It is still rather academic: now we want your real-world
experience in it.

Share what you actually use: how you design a deployment for your workload,
tips for the tools around the database, performance tuning, a troubleshooting
story you are proud of. No formal style is required.

**How to take part**

1. Post on the forum, or
2. publish a blog post, or
3. open a pull request on GitHub, or
4. report a bug in the tutorial: bug reports earn points by the value of the
   contribution.

Everyone whose content is selected appears in the acknowledgments of the
e-book.
"""


def _local(month_day: str) -> datetime:
    month, day = map(int, month_day.split("-"))
    return timezone.make_aware(datetime(2025, month, day, 10, 0))


def seed():
    if not Campaign.objects.filter(slug=SEED_SLUG).exists():
        _seed_campaigns()
    _translate()
    return None


def _translate():
    """The campaigns' and rules' Chinese, on every run (only where still missing)."""
    for campaign in Campaign.objects.filter(slug__in=demo_texts.CAMPAIGNS):
        add_translations(campaign, demo_texts.CAMPAIGNS[campaign.slug])
        for rule in campaign.rules.all():
            if texts := demo_texts.RULES.get(rule.name_en):
                add_translations(rule, texts)


def _seed_campaigns():
    reviewer = User.objects.get(username="reviewer")
    people = {"member": User.objects.get(username="member")}
    for username, display_name, language in CONTRIBUTORS:
        people[username] = ensure_member(
            username=username,
            email=f"{username}@example.org",
            display_name=display_name,
            language=language,
        )
    _seed_campaign(people, reviewer)
    _open_campaign(people, reviewer)


def _seed_campaign(people, reviewer):
    campaign = Campaign.objects.create(
        title="Co-write the OceanBase 4.x advanced DBA tutorial",
        slug=SEED_SLUG,
        summary="Put your real operations experience into the advanced tutorial.",
        description=SEED_DESCRIPTION,
        opens_on=_local("01-06").date(),
        closes_on=_local("06-30").date(),
        channels=[F, B, P, R],
        is_published=True,
        created_at=_local("01-06"),
    )
    content = [F, B, P]
    RewardRule.objects.bulk_create(
        [
            RewardRule(
                campaign=campaign,
                position=1,
                name="Angel round",
                kind=RewardRuleKind.FIRST_SELECTED,
                channels=content,
                limit=5,
                points=1000,
            ),
            RewardRule(
                campaign=campaign,
                position=2,
                name="Early bird",
                kind=RewardRuleKind.DATE_RANGE,
                channels=content,
                ends_on=_local("03-31").date(),
                points=200,
                multiplier=Decimal("2.5"),
            ),
            RewardRule(
                campaign=campaign,
                position=3,
                name="Selected from April to June",
                kind=RewardRuleKind.DATE_RANGE,
                channels=content,
                starts_on=_local("04-01").date(),
                ends_on=_local("06-30").date(),
                points=200,
            ),
            RewardRule(
                campaign=campaign,
                position=4,
                name="Bug hunting",
                kind=RewardRuleKind.REVIEWER_VALUED,
                channels=[R],
                min_points=10,
                max_points=200,
            ),
        ]
    )
    for index, row in enumerate(SEED_SUBMISSIONS, start=1):
        author, channel, submitted, decision, decided, amount, title, comment = row
        submission = services.submission_create(
            campaign=campaign,
            author=people[author],
            title=title,
            channel=channel,
            url=f"https://ask.oceanbase.example/t/topic/{35617400 + index}",
            summary=f"{title}. Tried on a production cluster; commands and results included.",
            now=_local(submitted),
        )
        if decision == "select":
            services.submission_select(
                submission=submission,
                reviewer=reviewer,
                comment=comment,
                amount=amount,
                now=_local(decided),
            )
        elif decision == "reject":
            services.submission_reject(
                submission=submission, reviewer=reviewer, comment=comment, now=_local(decided)
            )
        elif decision == "changes":
            services.submission_request_changes(
                submission=submission, reviewer=reviewer, comment=comment, now=_local(decided)
            )
    # A correction: this bug had been rewarded already in another report.
    duplicate = PointEntry.objects.get(member=people["zhaoqiang"], amount=20)
    services.points_reverse(
        entry=duplicate,
        reason="The same broken link was already reported and rewarded.",
        reversed_by=reviewer,
        reversed_at=_local("04-18"),
    )


def _open_campaign(people, reviewer):
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Operations stories",
        slug=OPEN_SLUG,
        summary="Tell how you run the database in production: blog or forum.",
        description="Write about a day in the life of your cluster. Every selected story "
        "earns points; the best ones go to the newsletter.",
        opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=45),
        channels=[F, B],
        is_published=True,
    )
    RewardRule.objects.create(
        campaign=campaign,
        position=1,
        name="Story selected during the campaign",
        kind=RewardRuleKind.DATE_RANGE,
        starts_on=campaign.opens_on,
        ends_on=campaign.closes_on + timedelta(days=30),
        points=100,
        multiplier=Decimal("1.5"),
    )
    story = services.submission_create(
        campaign=campaign,
        author=people["wanglei"],
        title="How we survived a zone outage",
        channel=B,
        url="https://blog.example.org/wanglei/zone-outage",
        summary="A post-mortem of our first zone failure and what the cluster did.",
    )
    services.submission_select(submission=story, reviewer=reviewer, comment="A great read.")
