from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from members.models import User
from members.roles import REVIEWERS_GROUP
from members.services.certifications import new_certificate_number

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member who signed up and verified their address."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda member: f"{member.username}@example.com")
    display_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(member, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=member, email=member.email, defaults={"verified": True, "primary": True}
            )


class ReviewerFactory(MemberFactory):
    """A maintainer who reviews in the admin."""

    username = factory.Sequence(lambda n: f"reviewer{n}")
    is_staff = True

    @factory.post_generation
    def reviewer_group(member, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
            member.groups.add(group)


# --- Tiers, certifications, volunteer groups, mentorship ---------------------------------


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Tier"
        django_get_or_create = ("level",)

    level = "user"
    rank = factory.LazyAttribute(
        lambda tier: ["user", "contributor", "core_contributor", "maintainer"].index(tier.level) + 1
    )
    requirements = "- Real use of the project"
    privileges = "- Report problems"


class CertificationLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.CertificationLevel"
        django_get_or_create = ("slug",)

    track = "certification"
    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    rank = factory.Sequence(lambda n: n + 1)
    badge_name = factory.LazyAttribute(lambda level: f"{level.name} badge")
    requirements = "- Pass the exam"
    validity_years = 2
    pass_mark = 60


class CertificationApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.CertificationApplication"

    applicant = factory.SubFactory(MemberFactory)
    level = factory.SubFactory(CertificationLevelFactory)
    motivation = "I passed the course."


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Certificate"

    number = factory.LazyFunction(new_certificate_number)
    holder = factory.SubFactory(MemberFactory)
    level = factory.SubFactory(CertificationLevelFactory)
    issued_on = factory.LazyFunction(lambda: _today())
    expires_on = factory.LazyAttribute(lambda c: c.level.expiry_for(c.issued_on))


class VolunteerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.VolunteerGroup"

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    owner = factory.SubFactory(MemberFactory)
    description = "We design."
    responsibilities = "- Design things"


class VolunteerApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.VolunteerApplication"

    group = factory.SubFactory(VolunteerGroupFactory)
    applicant = factory.SubFactory(MemberFactory)
    motivation = "I like design."
    answer_due_on = factory.LazyFunction(lambda: _today())


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Mentor"

    member = factory.SubFactory(MemberFactory)
    kind = "technical"
    areas = "Tracing"


class MentorSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.MentorSlot"

    mentor = factory.SubFactory(MentorFactory)
    starts_on = factory.LazyFunction(lambda: _today())
    ends_on = factory.LazyAttribute(lambda slot: slot.starts_on + timedelta(days=60))
    capacity = 1


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Mentorship"

    slot = factory.SubFactory(MentorSlotFactory)
    mentee = factory.SubFactory(MemberFactory)
    goals = "Learn tracing"
    starts_on = factory.LazyAttribute(lambda m: m.slot.starts_on)
    ends_on = factory.LazyAttribute(lambda m: m.slot.ends_on)


def _today():
    return timezone.localdate()
