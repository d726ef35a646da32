from datetime import date

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from recognition.enums import NominationState, StarKind
from recognition.judges import JUDGES_GROUP
from recognition.models import EssayRecommendation, Nomination
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.submissions import SubmissionFactory


class NominationFactory(factory.django.DjangoModelFactory):
    """A nominee for the star of March 2025; ``star=True`` makes them the star."""

    class Meta:
        model = Nomination

    kind = StarKind.MONTH
    period = date(2025, 3, 1)
    member = factory.SubFactory(MemberFactory)

    class Params:
        star = factory.Trait(
            state=NominationState.CHOSEN,
            chosen_at=factory.LazyFunction(timezone.now),
            chosen_by=factory.SubFactory(ReviewerFactory),
            citation="Wrote the backup chapter everyone asked for.",
        )


class EssayRecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EssayRecommendation

    submission = factory.SubFactory(SubmissionFactory, selected=True)
    recommended_by = factory.SubFactory(ReviewerFactory)
    note = "Strong enough for the competition."


class JudgeFactory(MemberFactory):
    """A judge of the essay competition (the judges' group)."""

    username = factory.Sequence(lambda n: f"judge{n}")

    @factory.post_generation
    def judges_group(member, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=JUDGES_GROUP)
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="recognition", codename="judge_essays"
                )
            )
            member.groups.add(group)
