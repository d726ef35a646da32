import io
from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone
from PIL import Image

from programs.enums import ApplicationState, MilestoneKind, NamedMemberState, ProgramState
from programs.models import Application, Milestone, NamedMember, Program
from tests.factories.members import MemberFactory


def png_bytes(size=(64, 32), colour=(30, 90, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ProgramFactory(factory.django.DjangoModelFactory):
    """A program open for applications today."""

    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Co-construction program {n}")
    slug = factory.Sequence(lambda n: f"co-construction-{n}")
    summary = "Technical guidance and publicity for organizations that use the project."
    description = "Join the **co-construction** program."
    requirements = "- Two or more community members."
    benefits = "- Free training."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    min_named_members = 2
    state = ProgramState.OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: every field filled in and the code of conduct agreed."""

    class Meta:
        model = Application

    class Params:
        submitted = factory.Trait(
            state=ApplicationState.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        in_review = factory.Trait(
            state=ApplicationState.IN_REVIEW,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            state=ApplicationState.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
        )
        completed = factory.Trait(
            state=ApplicationState.COMPLETED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
            completed_at=factory.LazyFunction(timezone.now),
        )

    program = factory.SubFactory(ProgramFactory)
    applicant = factory.SubFactory(MemberFactory)
    organization_name = factory.Sequence(lambda n: f"Organization {n}")
    website = "https://org.example.com"
    logo = factory.django.FileField(filename="logo.png", data=factory.LazyFunction(png_bytes))
    contact_name = "Casey Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example.com")
    contact_phone = "+86 10 1234 5678"
    usage = "We run the project in production."
    uses_in_production = True
    coc_agreed_at = factory.LazyFunction(timezone.now)
    coc_version = factory.LazyFunction(lambda: settings.CODE_OF_CONDUCT_VERSION)


class NamedMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NamedMember

    class Params:
        confirmed = factory.Trait(
            state=NamedMemberState.CONFIRMED, answered_at=factory.LazyFunction(timezone.now)
        )
        declined = factory.Trait(
            state=NamedMemberState.DECLINED, answered_at=factory.LazyFunction(timezone.now)
        )

    application = factory.SubFactory(ApplicationFactory)
    member = factory.SubFactory(MemberFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    application = factory.SubFactory(ApplicationFactory, approved=True)
    kind = MilestoneKind.IN_PRODUCTION
    title = factory.Sequence(lambda n: f"Milestone {n}")
    achieved_on = factory.LazyFunction(timezone.localdate)


def confirmed_application(count: int = 2, **kwargs) -> Application:
    """An application whose ``count`` named members have all confirmed."""
    application = ApplicationFactory(**kwargs)
    NamedMemberFactory.create_batch(count, application=application, confirmed=True)
    return application
