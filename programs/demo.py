"""Demo data: the openGemini co-construction program of seed 000 and its applications.

Everything goes through the services, so the histories and notifications are
real. An application that exists already is left alone: a second run changes
nothing.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from community_portal.core.images import reencode_image
from community_portal.core.seeding import add_translations
from members.demo import ensure_member
from members.models import User
from programs import demo_texts, services
from programs.enums import MilestoneKind, NamedMemberState, ProgramState
from programs.models import Application, Milestone, Program

PROGRAM_SLUG = "opengemini-co-construction"

DESCRIPTION = """\
To help users integrate quickly into the community, accelerate adoption and build a
prosperous ecosystem together, the openGemini community runs the **community
co-construction program**.

Through the program you receive technical guidance, publicity and promotion, and
opportunities for online and offline technical evangelism and sharing. If your company
or organization recognizes openGemini's technical route, wants help while using
openGemini, and intends to build technical influence with the community, please
consider joining.

For any questions, contact the
[openGemini maintainers](https://github.com/openGemini-sh/openGemini/blob/master/MAINTAINERS.md).
"""

BENEFITS = """\
### Free training from the community
- Open-source basics: community governance, development model, contribution guidance.
- openGemini advanced training: architecture and features, analysis of the latest version.

### Offline exchanges
- Analysis of your particular scenario, straight to the problem, keeping your project private.
- Help with difficult problems while you put openGemini to work.
- Direct feedback on technical requirements, for faster responses.

### Publicity in the official media
- Selected projects are displayed on the official platform.
- The community helps publicize your milestones.

### More technical influence
- When the project is completed, its main contributors receive a community thank-you letter.
- Your company's or organization's logo on the official website.
- Online and offline technology sharing opportunities.
- A chance to speak at the openGemini session at KubeCon.
- A chance to co-host summits, salons and meetups.
"""

REQUIREMENTS = """\
- Be willing to follow the community's code of conduct.
- Agree with the open-source culture: communicate, share and collaborate in the
  community, and respect the contributions of others.
- **Two or more** openGemini community members.
- Recognize the openGemini technical route and plan to take part deeply in the
  community. It is even better if you have one or more of these practices:
    - openGemini in a production environment;
    - a commercial product based on openGemini, delivered to customers;
    - openGemini technical consulting services for customers;
    - openGemini as a research object.
"""

# username, display name
PEOPLE = [
    ("lin", "Lin Wei"),
    ("zhang", "Zhang Min"),
    ("chen", "Chen Jie"),
    ("wang", "Wang Fang"),
    ("li", "Li Na"),
]


def seed():
    people = {
        username: ensure_member(
            username=username,
            email=f"{username}@example.org",
            display_name=name,
        )
        for username, name in PEOPLE
    }
    people["member"] = User.objects.get(username="member")
    reviewer = User.objects.get(username="reviewer")
    program = _program(reviewer)

    northwind = _application(
        program,
        people["lin"],
        "Northwind Data",
        named=[people["zhang"], people["chen"]],
        website="https://northwind.example.com",
        usage="We store **3 million** IoT time series from wind farms in openGemini clusters.",
        logo=("#1d4ed8", "N"),
        practices={"uses_in_production": True, "has_commercial_product": True},
    )
    if northwind:
        _confirm_all(northwind)
        northwind = _submit_and_review(northwind, reviewer)
        northwind = services.application_approve(
            application=northwind, actor=reviewer, comment="Welcome aboard!"
        )
        _milestones(
            northwind,
            reviewer,
            [
                (MilestoneKind.IN_PRODUCTION, "Wind-farm monitoring in production", 40, True),
                (MilestoneKind.TALK, "Talk at the spring meetup", 10, False),
            ],
        )

    harbor = _application(
        program,
        people["wang"],
        "Harbor Energy Cloud",
        named=[people["li"], people["zhang"]],
        website="https://harbor.example.com",
        usage="Our energy-metering SaaS runs on openGemini; we offer consulting to utilities.",
        logo=("#15803d", "H"),
        practices={"has_commercial_product": True, "offers_consulting": True},
    )
    if harbor:
        _confirm_all(harbor)
        harbor = _submit_and_review(harbor, reviewer)
        harbor = services.application_approve(application=harbor, actor=reviewer)
        _milestones(
            harbor,
            reviewer,
            [
                (MilestoneKind.PRODUCT_RELEASED, "Harbor Metering 2.0 released", 30, True),
                (MilestoneKind.CONTRIBUTION, "Compaction fix merged upstream", 20, False),
            ],
        )
        services.application_complete(
            application=harbor, actor=reviewer, comment="Thank you for a great year together."
        )

    riverside = _application(
        program,
        people["chen"],
        "Riverside Analytics",
        named=[people["lin"], people["wang"]],
        website="https://riverside.example.com",
        usage="We evaluate openGemini for our observability platform.",
        logo=("#b45309", "R"),
        practices={"is_research_object": True},
    )
    if riverside:
        _confirm_all(riverside)
        services.application_submit(application=riverside, actor=people["chen"])

    studio = _application(
        program,
        people["member"],
        "Mei's Data Studio",
        named=[people["lin"], people["chen"]],
        website="https://studio.example.com",
        usage="A small consultancy helping factories adopt time-series databases.",
        logo=("#7c3aed", "M"),
        practices={"offers_consulting": True},
    )
    if studio:
        _confirm_all(studio)
        studio = _submit_and_review(studio, reviewer)
        services.application_request_changes(
            application=studio,
            actor=reviewer,
            comment="Please describe one customer project where you used openGemini.",
            internal_note="Looks promising; check the references.",
        )

    _application(
        program,
        people["member"],
        "Open Meteo Institute",
        named=[people["zhang"], people["li"]],
        usage="Weather-station data for research.",
    )
    _application(
        program,
        people["zhang"],
        "Zhang's Lab",
        named=[people["member"], people["wang"]],
        website="https://lab.example.com",
    )
    for milestone in Milestone.objects.filter(application__program=program):
        if texts := demo_texts.MILESTONES.get(milestone.title_en):
            add_translations(milestone, texts)
    return None


def _program(reviewer: User) -> Program:
    today = timezone.localdate()
    program, created = Program.objects.get_or_create(
        slug=PROGRAM_SLUG,
        defaults={
            "title": "openGemini community co-construction program",
            "summary": (
                "Technical guidance, publicity and a place on the showcase for organizations "
                "that put openGemini to work."
            ),
            "description": DESCRIPTION,
            "benefits": BENEFITS,
            "requirements": REQUIREMENTS,
            "opens_on": today - timedelta(days=60),
            "closes_on": today + timedelta(days=120),
            "min_named_members": 2,
        },
    )
    if created:
        services.program_change_state(program=program, to_state=ProgramState.OPEN, actor=reviewer)
        program.refresh_from_db()
    add_translations(program, demo_texts.PROGRAM)
    return program


def _application(program, applicant, organization, *, named, logo=None, practices=None, **fields):
    """Create the draft once; None when it exists already (later runs change nothing)."""
    if Application.objects.filter(
        program=program, applicant=applicant, organization_name=organization
    ).exists():
        return None
    details = services.ApplicationDetails(
        organization_name=organization,
        contact_name=applicant.public_name,
        contact_email=f"contact@{slugify(organization)}.example.com",
        **fields,
        **(practices or {}),
    )
    return services.application_create(
        program=program,
        applicant=applicant,
        details=details,
        named_members=named,
        agrees_to_code_of_conduct=True,
        logo=demo_logo(*logo) if logo else None,
    )


def _confirm_all(application: Application) -> None:
    for named in application.named_members.select_related("member"):
        services.named_member_answer(
            application=application, member=named.member, answer=NamedMemberState.CONFIRMED
        )


def _submit_and_review(application: Application, reviewer: User) -> Application:
    application = services.application_submit(application=application, actor=application.applicant)
    return services.application_start_review(application=application, actor=reviewer)


def _milestones(application: Application, reviewer: User, rows) -> None:
    today = timezone.localdate()
    for kind, title, days_ago, promoted in rows:
        services.milestone_record(
            application=application,
            actor=reviewer,
            kind=kind,
            title=title,
            achieved_on=today - timedelta(days=days_ago),
            promoted=promoted,
        )


def demo_logo(colour: str, letter: str):
    """A simple generated logo: a coloured banner with a letter."""
    image = Image.new("RGB", (320, 128), colour)
    draw = ImageDraw.Draw(image)
    draw.text((160, 64), letter, fill="white", anchor="mm", font=ImageFont.load_default(size=96))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    return reencode_image(upload)
