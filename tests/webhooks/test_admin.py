"""The webhook admin: who may open it, the write-only secret, the test message and
"send again", and the delivery log."""

import pytest
from django.urls import reverse

from community_portal.webhooks.enums import DeliveryState
from community_portal.webhooks.models import Delivery, Endpoint
from community_portal.webhooks.services import new_secret
from tests.factories.members import MemberFactory
from tests.webhooks.events import plan_change_and_cancel_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return MemberFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def delivered(receiver, endpoint, on_commit):
    with on_commit():
        plan_change_and_cancel_event()
    return Delivery.objects.order_by("pk").first()


def admin_urls(endpoint, delivery):
    return [
        reverse("admin:webhooks_endpoint_changelist"),
        reverse("admin:webhooks_endpoint_add"),
        reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]),
        reverse("admin:webhooks_delivery_changelist"),
        reverse("admin:webhooks_delivery_change", args=[delivery.pk]),
    ]


def test_anonymous_and_members_are_sent_to_the_admin_login(client, endpoint, delivered):
    for who in (None, MemberFactory()):
        if who:
            client.force_login(who)
        for url in admin_urls(endpoint, delivered):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url


def test_reviewers_may_not_see_the_webhooks(reviewer_client, endpoint, delivered):
    for url in admin_urls(endpoint, delivered):
        assert reviewer_client.get(url).status_code == 403, url


def test_a_forged_action_of_a_reviewer_does_nothing(reviewer_client, receiver, delivered):
    sent = len(receiver.requests)

    response = reviewer_client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "send_again", "_selected_action": [delivered.pk]},
    )

    assert response.status_code == 403
    assert len(receiver.requests) == sent


def test_admins_see_every_page(admin_client, endpoint, delivered):
    for url in admin_urls(endpoint, delivered):
        assert admin_client.get(url).status_code == 200, url


def test_the_add_form_offers_a_fresh_secret_and_the_owner(admin_client, admin_user):
    response = admin_client.get(reverse("admin:webhooks_endpoint_add"))

    form = response.context["adminform"].form
    assert form.initial["secret"].startswith("whsec_")
    assert form.initial["owner"] == admin_user.pk
    assert form.initial["secret"] in response.content.decode()


def test_once_saved_the_secret_is_never_shown_again(admin_client, admin_user, receiver):
    secret = new_secret()
    response = admin_client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "url": receiver.url,
            "description": "CRM",
            "owner": admin_user.pk,
            "event_types": ["event.created", "station.founded"],
            "is_active": "on",
            "secret": secret,
        },
        follow=True,
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.secret == secret
    assert endpoint.event_types == ["event.created", "station.founded"]

    pages = [response]
    pages.append(admin_client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])))
    pages.append(admin_client.get(reverse("admin:webhooks_endpoint_changelist")))
    pages.append(admin_client.get(reverse("admin:webhooks_endpoint_history", args=[endpoint.pk])))
    for page in pages:
        assert page.status_code == 200
        assert secret not in page.content.decode()
        assert secret.removeprefix("whsec_") not in page.content.decode()
    assert secret not in repr(endpoint) + str(endpoint)


def change_data(endpoint, **changes):
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "owner": endpoint.owner_id,
        "event_types": endpoint.event_types,
        "is_active": "on",
        "secret": "",
        **changes,
    }


def test_an_empty_secret_keeps_the_current_one_and_a_new_one_replaces_it(admin_client, endpoint):
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    kept = endpoint.secret

    admin_client.post(url, change_data(endpoint, description="Renamed"))
    endpoint.refresh_from_db()
    assert (endpoint.description, endpoint.secret) == ("Renamed", kept)

    replacement = new_secret()
    admin_client.post(url, change_data(endpoint, secret=replacement))
    endpoint.refresh_from_db()
    assert endpoint.secret == replacement


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("not-a-secret-at-all", "A signing secret starts with whsec_."),
        ("whsec_***", "After whsec_, a signing secret is base64."),
        ("whsec_c2hvcnQ=", "A signing secret holds 24 to 64 random bytes."),
    ],
)
def test_a_bad_secret_is_refused_beside_the_field_without_repeating_it(
    admin_client, endpoint, secret, message
):
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])

    response = admin_client.post(url, change_data(endpoint, secret=secret))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["secret"] == [message]
    assert secret not in response.content.decode()
    assert endpoint.secret not in response.content.decode()


def test_send_a_test_message(admin_client, endpoint, receiver, on_commit):
    with on_commit():
        response = admin_client.post(
            reverse("admin:webhooks_endpoint_changelist"),
            {"action": "send_test_message", "_selected_action": [endpoint.pk]},
            follow=True,
        )

    assert "A test message was queued for 1 endpoint" in response.content.decode()
    [message] = receiver.verified()
    assert message["type"] == "webhook.test"
    assert message["data"]["endpoint"] == endpoint.description


def test_send_again_resends_with_the_same_id(admin_client, receiver, delivered, on_commit):
    first_id = receiver.requests[0][0]["webhook-id"]

    with on_commit():
        admin_client.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "send_again", "_selected_action": [delivered.pk]},
        )

    assert receiver.ids().count(first_id) == 2
    delivered.refresh_from_db()
    assert (delivered.state, delivered.attempts) == (DeliveryState.DELIVERED, 2)


def test_the_log_shows_status_response_attempts_and_next_attempt(
    admin_client, receiver, endpoint, on_commit
):
    receiver.status = 500
    with on_commit():
        plan_change_and_cancel_event()
    delivery = Delivery.objects.order_by("pk").first()

    listing = admin_client.get(reverse("admin:webhooks_delivery_changelist")).content.decode()
    page = admin_client.get(
        reverse("admin:webhooks_delivery_change", args=[delivery.pk])
    ).content.decode()

    assert "500" in listing and "event.created" in listing
    assert delivery.message.public_id in page
    assert "x" * 499 + "…" in page and "x" * 501 not in page  # the answer, truncated
    assert endpoint.secret not in listing + page


def test_ticking_enabled_again_sends_what_waited(admin_client, receiver, endpoint, on_commit):
    receiver.status = 410  # disables the endpoint at the first answer; the others wait
    with on_commit():
        plan_change_and_cancel_event()
    assert len(receiver.requests) == 1
    receiver.status = 200
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])

    with on_commit():
        admin_client.post(url, change_data(endpoint, is_active="on"))

    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.disabled_at is None
    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 3


def test_error_reports_leave_the_secret_out(admin_client, endpoint):
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])

    response = admin_client.post(url, change_data(endpoint, secret=new_secret()))

    assert response.wsgi_request.sensitive_post_parameters == ("secret",)
