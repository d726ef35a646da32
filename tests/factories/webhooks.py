import factory

from community_portal.webhooks.enums import EventType
from community_portal.webhooks.models import Endpoint
from community_portal.webhooks.services import new_secret
from tests.factories.members import MemberFactory


class EndpointFactory(factory.django.DjangoModelFactory):
    """An active endpoint subscribed to every event type."""

    class Meta:
        model = Endpoint

    url = "http://127.0.0.1:9/hooks"
    description = factory.Sequence(lambda n: f"Community CRM {n}")
    secret = factory.LazyFunction(new_secret)
    event_types = factory.LazyFunction(lambda: list(EventType.values))
    owner = factory.SubFactory(MemberFactory)
