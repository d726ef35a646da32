import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members.models import User
from members.roles import REVIEWERS_GROUP

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
