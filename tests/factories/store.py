import factory

from store.enums import RewardKind
from store.models import Reward
from submissions import services
from tests.factories.submissions import SubmissionFactory


class RewardFactory(factory.django.DjangoModelFactory):
    """A T-shirt for 100 points, 10 in stock, one per member, shipped."""

    class Meta:
        model = Reward

    name = factory.Sequence(lambda n: f"T-shirt {n}")
    description = "Organic cotton, the community's logo on the front."
    kind = RewardKind.SWAG
    price = 100
    stock = 10
    per_member_limit = 1
    needs_shipping = True
    active = True


def give_points(member, amount):
    """Award ``amount`` points to ``member`` for a selected submission of theirs."""
    return services.points_award(
        member=member,
        amount=amount,
        reason="Article selected",
        source=SubmissionFactory(author=member, selected=True),
    )
