"""Demo data: the accounts of the README, the tiers and certification levels of seed
001, members at every tier, certificates in every state, the volunteer groups of
seed 002 with applications waiting, and two mentors. Safe to run again."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from community_portal.core.seeding import DemoLogin, add_translations
from community_portal.core.workdays import add_working_days
from members import demo_texts
from members.enums import (
    VOLUNTEER_ANSWER_WORKING_DAYS,
    CertificateEventKind,
    CertificationTrack,
    MentorKind,
    TierLevel,
)
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationLevel,
    Mentor,
    MentorSlot,
    Tier,
    TierThreshold,
    User,
    VolunteerApplication,
    VolunteerGroup,
)
from members.roles import REVIEWERS_GROUP
from members.services.certifications import certification_application_submit
from members.services.tiers import member_change_tier, member_place_in_entry_tier

DEMO_HASH_ITERATIONS = 1000

# role, username, display name, staff, superuser, reviewer
ACCOUNTS = [
    ("admin", "admin", "Portal Admin", True, True, False),
    ("reviewer", "reviewer", "Rui Reviewer", True, False, True),
    ("member", "member", "Mei Member", False, False, False),
]

# Seed 001 §1.1: requirements and privileges of each tier.
TIERS = [
    (
        TierLevel.USER,
        1,
        "- Technical skill: basic\n- Real use of the project\n- Community activity: low\n"
        "- Willing to take part",
        "- Report problems\n- Send feedback\n- Take part in the community\n- Use the resources",
    ),
    (
        TierLevel.CONTRIBUTOR,
        2,
        "- Technical skill: intermediate\n- Effective contributions\n"
        "- Community activity: medium\n- Strong will to learn",
        "- Commit code\n- Report problems\n- Join the discussions\n- Learning resources",
    ),
    (
        TierLevel.CORE_CONTRIBUTOR,
        3,
        "- Technical skill: advanced\n- Important contributions\n- Community activity: high\n"
        "- A field of expertise",
        "- Review code\n- Technical discussions\n- Submit proposals\n- Run community activities",
    ),
    (
        TierLevel.MAINTAINER,
        4,
        "- Technical skill: expert\n- Sustained contributions\n- Community activity: high\n"
        "- Strong leadership",
        "- Merge code\n- Publish releases\n- Technical decisions\n- Community management "
        "(reviewer access to the admin)",
    ),
]

# What the portal measures for each tier, once the other apps register the measures.
THRESHOLDS = {
    TierLevel.CONTRIBUTOR: [("submissions.selected", 1), ("submissions.points", 200)],
    TierLevel.CORE_CONTRIBUTOR: [
        ("submissions.selected", 5),
        ("submissions.points", 1000),
        ("stations.events_attended", 3),
    ],
    TierLevel.MAINTAINER: [
        ("submissions.points", 5000),
        ("programs.participations", 1),
        ("stations.roles", 1),
    ],
}

# Seed 001 §2.1 (certifications) and §1.2 (member badges).
LEVELS = [
    # track, slug, rank, name, badge, validity (years), requirements
    (
        CertificationTrack.CERTIFICATION,
        "foundation",
        1,
        "Foundation certification",
        "Foundation Certified",
        2,
        "- Complete the foundation course\n- Pass the foundation exam\n"
        "- Complete a practice project\n- Take part in the community",
    ),
    (
        CertificationTrack.CERTIFICATION,
        "professional",
        2,
        "Professional certification",
        "Professional Certified",
        3,
        "- Complete the professional course\n- Pass the professional exam\n"
        "- Complete a professional project\n- Technical contributions",
    ),
    (
        CertificationTrack.CERTIFICATION,
        "expert",
        3,
        "Expert certification",
        "Expert Certified",
        5,
        "- Complete the expert course\n- Pass the expert exam\n"
        "- Complete an expert project\n- Community leadership",
    ),
    (
        CertificationTrack.CERTIFICATION,
        "master",
        4,
        "Master certification",
        "Master Certified",
        None,
        "- Complete the master course\n- Pass the master exam\n"
        "- Complete a master project\n- Industry influence",
    ),
    (
        CertificationTrack.MEMBER_BADGE,
        "beginner",
        1,
        "Beginner",
        "OpenTelemetry Beginner",
        None,
        "- Complete the getting-started tutorial\n- Pass the basic test\n"
        "- Submit your first PR\n- Join the community discussions",
    ),
    (
        CertificationTrack.MEMBER_BADGE,
        "intermediate",
        2,
        "Intermediate",
        "OpenTelemetry Intermediate",
        None,
        "- Complete the intermediate tutorial\n- Pass the intermediate test\n"
        "- Contribute 5 PRs\n- Join the technical discussions",
    ),
    (
        CertificationTrack.MEMBER_BADGE,
        "advanced",
        3,
        "Advanced",
        "OpenTelemetry Advanced",
        None,
        "- Complete the advanced tutorial\n- Pass the advanced test\n"
        "- Contribute 20 PRs\n- Join the architecture discussions",
    ),
    (
        CertificationTrack.MEMBER_BADGE,
        "expert-badge",
        4,
        "Expert",
        "OpenTelemetry Expert",
        None,
        "- Complete the expert certification\n- Pass the expert test\n"
        "- Contribute 50 PRs\n- Take part in technical decisions",
    ),
]

# username, display name, city, organization, tier
PEOPLE = [
    ("lin", "Lin Wei", "Shanghai", "Fudan University", TierLevel.USER),
    ("chen", "Chen Jing", "Beijing", "Cloud Native Labs", TierLevel.CONTRIBUTOR),
    ("sofia", "Sofia Marques", "Lisbon", "Observa", TierLevel.CONTRIBUTOR),
    ("wang", "Wang Fang", "Hangzhou", "Tracing Works", TierLevel.CORE_CONTRIBUTOR),
    ("zhao", "Zhao Lei", "Shenzhen", "OpenTelemetry", TierLevel.MAINTAINER),
]

# Fixed numbers so that the README can point at them (demo data only: real ones are random).
DEMO_CERTIFICATES = [
    # number, holder, level, issued this many days ago, revocation reason
    ("DEMO-AAAA-VALI-D234", "member", "foundation", 120, ""),
    ("DEMO-AAAA-EXPI-RED2", "chen", "foundation", 800, ""),
    ("DEMO-AAAA-REVO-KED2", "sofia", "professional", 300, "Exam answers were copied."),
    ("DEMO-AAAA-MAST-ER23", "zhao", "master", 400, ""),
    ("DEMO-AAAA-BADG-E234", "wang", "advanced", 60, ""),
]

# Seed 002's four groups: name, slug, owner, description, responsibilities.
GROUPS = [
    (
        "Core organizers",
        "core-organizers",
        "zhao",
        "Set the community's processes and take part in its decisions.",
        "- Set process standards and take part in community decisions\n"
        "- Organize the developer contests and sharing sessions\n"
        "- Find excellent developers and bring them in\n"
        "- Spread the repositories and ISOs to new mirror sites\n"
        "- Test new versions and features before launch",
    ),
    (
        "Station volunteers",
        "station-volunteers",
        "wang",
        "Start and run the community's city and university stations.",
        "- Found or grow a station in your city or university\n"
        "- Promote the contests and run regular sharing sessions\n"
        "- Bring in developers and grow the station\n"
        "- Help grow the ecosystem\n- Test new versions before launch",
    ),
    (
        "Media group",
        "media-group",
        "chen",
        "Build the community's brand in video and writing.",
        "- Record videos for Bilibili, Douyin and other channels\n"
        "- Write technical articles for the official WeChat account\n"
        "- Exchange resources with KOLs and media",
    ),
    (
        "Design group",
        "design-group",
        "sofia",
        "Design how the community looks.",
        "- Take part in the community's visual design",
    ),
]

# applicant, group, applied this many days ago
VOLUNTEER_APPLICATIONS = [
    ("lin", "station-volunteers", 2),
    ("member", "media-group", 20),
    ("chen", "design-group", 1),
]

MENTORS = [
    ("wang", MentorKind.TECHNICAL, "Tracing, the collector, your first pull request"),
    ("zhao", MentorKind.COMMUNITY, "Finding your way in the community, running a meetup"),
]


def demo_password(username: str) -> str:
    """Every demo account's published password: ``demo-<username>-2026``."""
    return f"demo-{username}-2026"


def demo_password_hash(username: str) -> str:
    """:func:`demo_password` hashed with few rounds: the password is published anyway,
    and a hundred hashes at full strength would take most of ``seed_demo``'s time.
    Django strengthens the hash at the account's first sign-in."""
    hasher = get_hasher()
    if not isinstance(hasher, PBKDF2PasswordHasher):
        return make_password(demo_password(username))
    return hasher.encode(demo_password(username), hasher.salt(), iterations=DEMO_HASH_ITERATIONS)


def ensure_member(
    *, username, email, display_name="", is_staff=False, is_superuser=False, language="en"
) -> User:
    """Create a demo account with a verified address once; later runs leave it alone.
    Its password is :func:`demo_password`."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "display_name": display_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "preferred_language": language,
        },
    )
    if created:
        user.password = demo_password_hash(username)
        user.save(update_fields=["password"])
    _, verified_now = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if verified_now:
        # What verifying the address does for a real member.
        member_place_in_entry_tier(member=user)
    return user


def _accounts() -> list[DemoLogin]:
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    logins = []
    for role, username, name, staff, superuser, reviewer in ACCOUNTS:
        email = f"{username}@example.org"
        user = ensure_member(
            username=username,
            email=email,
            display_name=name,
            is_staff=staff,
            is_superuser=superuser,
        )
        if reviewer:
            user.groups.add(reviewers)
        logins.append(DemoLogin(role=role, email=email, password=demo_password(username)))
    return logins


def _tiers() -> dict[str, Tier]:
    tiers = {}
    for level, rank, requirements, privileges in TIERS:
        tiers[level], _ = Tier.objects.get_or_create(
            level=level,
            defaults={"rank": rank, "requirements": requirements, "privileges": privileges},
        )
        add_translations(tiers[level], demo_texts.TIERS[level])
    for level, rows in THRESHOLDS.items():
        for measure, minimum in rows:
            TierThreshold.objects.get_or_create(
                tier=tiers[level], measure=measure, defaults={"minimum": minimum}
            )
    return tiers


def _levels() -> dict[str, CertificationLevel]:
    levels = {}
    for track, slug, rank, name, badge, years, requirements in LEVELS:
        levels[slug], _ = CertificationLevel.objects.get_or_create(
            slug=slug,
            defaults={
                "track": track,
                "rank": rank,
                "name": name,
                "badge_name": badge,
                "validity_years": years,
                "requirements": requirements,
            },
        )
        add_translations(levels[slug], demo_texts.LEVELS[slug])
    return levels


def _people(tiers: dict[str, Tier], admin: User) -> dict[str, User]:
    member = User.objects.get(username="member")
    people = {"member": member}
    placements = [(member, TierLevel.USER)]
    for username, name, city, organization, level in PEOPLE:
        person = ensure_member(
            username=username,
            email=f"{username}@example.org",
            display_name=name,
        )
        if not person.city:
            User.objects.filter(pk=person.pk).update(
                city=city,
                organization=organization,
                bio=f"{name} works at {organization} and has been in the community since 2024.",
            )
            person.refresh_from_db()
        people[username] = person
        placements.append((person, level))
    for person, level in placements:
        if person.tier_id is None:
            member_place_in_entry_tier(member=person)
        if level != TierLevel.USER and person.tier_id == tiers[TierLevel.USER].pk:
            member_change_tier(
                member=person,
                to_tier=tiers[level],
                decided_by=admin,
                reason="Demo data: placed at this tier.",
            )
    return people


def _certificates(people: dict[str, User], levels: dict[str, CertificationLevel], admin: User):
    today = timezone.localdate()
    for number, username, slug, days_ago, revoked_because in DEMO_CERTIFICATES:
        level = levels[slug]
        issued_on = today - timedelta(days=days_ago)
        certificate, created = Certificate.objects.get_or_create(
            number=number,
            defaults={
                "holder": people[username],
                "level": level,
                "issued_on": issued_on,
                "expires_on": level.expiry_for(issued_on),
            },
        )
        if not created:
            continue
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEventKind.ISSUED,
            actor=admin,
            expires_after=certificate.expires_on,
            created_at=timezone.now() - timedelta(days=days_ago),
        )
        if revoked_because:
            Certificate.objects.filter(pk=certificate.pk).update(
                revoked_at=timezone.now(), revocation_reason=revoked_because
            )
            CertificateEvent.objects.create(
                certificate=certificate,
                kind=CertificateEventKind.REVOKED,
                actor=admin,
                comment=revoked_because,
                expires_before=certificate.expires_on,
            )
    # One application waiting for the reviewers, to walk through in the admin.
    lin = people["lin"]
    if not CertificationApplication.objects.filter(applicant=lin).exists():
        certification_application_submit(
            applicant=lin,
            level=levels["beginner"],
            motivation="I finished the getting-started tutorial and my first PR was merged.",
        )


def _groups(people: dict[str, User]):
    today = timezone.localdate()
    groups = {}
    for position, (name, slug, owner, description, responsibilities) in enumerate(GROUPS):
        groups[slug], _ = VolunteerGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "owner": people[owner],
                "description": description,
                "responsibilities": responsibilities,
                "position": position,
            },
        )
        add_translations(groups[slug], demo_texts.GROUPS[slug])
    for username, slug, days_ago in VOLUNTEER_APPLICATIONS:
        applied_on = today - timedelta(days=days_ago)
        VolunteerApplication.objects.get_or_create(
            group=groups[slug],
            applicant=people[username],
            defaults={
                "motivation": "I would love to help: I have time on weekends.",
                "created_at": timezone.now() - timedelta(days=days_ago),
                "answer_due_on": add_working_days(applied_on, VOLUNTEER_ANSWER_WORKING_DAYS),
            },
        )


def _mentors(people: dict[str, User]):
    today = timezone.localdate()
    for username, kind, areas in MENTORS:
        mentor, created = Mentor.objects.get_or_create(
            member=people[username], defaults={"kind": kind, "areas": areas}
        )
        if created:
            MentorSlot.objects.create(
                mentor=mentor,
                starts_on=today + timedelta(days=7),
                ends_on=today + timedelta(days=97),
                capacity=2,
                note="Weekly call, online",
            )
            MentorSlot.objects.create(
                mentor=mentor,
                starts_on=today + timedelta(days=120),
                ends_on=today + timedelta(days=210),
                capacity=1,
            )


def seed():
    logins = _accounts()
    admin = User.objects.get(username="admin")
    tiers = _tiers()
    levels = _levels()
    people = _people(tiers, admin)
    _certificates(people, levels, admin)
    _groups(people)
    _mentors(people)
    return logins
