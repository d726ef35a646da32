"""No answer of the API carries private data: a walk of the schema over the demo data.

Every private text field of every model (found by its name: e-mail, contact,
phone, note, comment, motivation, reason, token…, plus the ones listed below) is
given a unique marker in every row; then every operation of the OpenAPI schema
is called with real ids, in each language, anonymously and with the tokens of a
member, a station lead and a reviewer. No marker, and no e-mail address, may
appear in any answer.
"""

import re
from itertools import count
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, models, transaction

from members.models import User
from tests.api.conftest import bearer, token_for

pytestmark = [pytest.mark.django_db, pytest.mark.once]

APPS = {
    "members",
    "programs",
    "stations",
    "submissions",
    "api",
    "notifications",
    "core",
    "account",
    "socialaccount",
    "integrations",
    "store",
}
PRIVATE_WORDS = {
    "answer",
    "comment",
    "contact",
    "digest",
    "email",
    "evidence",
    "feedback",
    "internal",
    "key",
    "message",
    "motivation",
    "note",
    "password",
    "phone",
    "reason",
    "response",
    "secret",
    "token",
}
# Private fields whose names don't say so.
PRIVATE_FIELDS = {
    "members.User": {"first_name", "last_name"},
    "members.Mentorship": {"goals"},
    "notifications.Notification": {"subject", "body"},
    "programs.Application": {"usage"},
    "api.PersonalAccessToken": {"prefix"},
    "store.Order": {"shipping_address"},
}
# Named like private fields, but public: shown on the public pages as well.
PUBLIC_FIELDS = {
    ("stations.Event", "cancellation_reason"),  # the event page says why it was cancelled
}
# A member's own data, which their token may read (never anyone else's).
OWN_FIELDS = {
    ("submissions.PointEntry", "reason"),
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
TOKEN_READERS = ("member", "chen.jie", "reviewer")


def private_fields():
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation or field.choices or isinstance(field, models.FileField):
                continue
            if not isinstance(field, models.CharField | models.TextField):
                continue
            named_private = set(field.name.split("_")) & PRIVATE_WORDS
            if isinstance(field, models.EmailField) or named_private:
                if (label, field.name) not in PUBLIC_FIELDS:
                    yield model, field
            elif field.name in PRIVATE_FIELDS.get(label, ()):
                yield model, field


def mark_private_values() -> dict[str, tuple[str, str]]:
    """A unique marker in each private field of every row: marker -> (model, field).

    Empty fields get one too, so that a field the demo leaves empty is still
    caught, unless a constraint wants it empty (no revocation reason on a valid
    certificate).
    """
    numbers = count(1)
    markers = {}
    for model, field in private_fields():
        for pk in model._base_manager.values_list("pk", flat=True):
            number = next(numbers)
            core = f"zq{number:06d}"
            if isinstance(field, models.EmailField):
                marker = f"{core}x@private.invalid"
            else:  # as long as the field allows (some must be long, like letter tokens)
                marker = core + "y" * (min(field.max_length or 48, 48) - len(core) - 1) + "x"
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field.name: marker})
            except DatabaseError:  # a constraint, or an append-only table's trigger
                continue
            markers[marker] = (model._meta.label, field.name)
    return markers


def path_values() -> dict[str, list]:
    """Real values for each path parameter, by the path's first segment."""
    from members.models import Certificate
    from programs.models import Program
    from stations.models import Event, Station
    from submissions.models import Campaign

    return {
        "programs": list(Program.objects.values_list("slug", flat=True)),
        "stations": list(Station.objects.values_list("slug", flat=True)),
        "events": list(Event.objects.values_list("pk", flat=True)),
        "campaigns": list(Campaign.objects.values_list("slug", flat=True)),
        "certificates": list(Certificate.objects.values_list("number", flat=True)),
        "members": list(User.objects.values_list("username", flat=True)),
        "year": [2024, 2025, 2026],
        "month": [1, 3, 4, 6, 12],
    }


def urls_of(path: str, values: dict) -> list[str]:
    """Each operation's address filled with every real value (years by months for boards)."""
    relative = path.removeprefix("/api/v1/")
    params = re.findall(r"{(\w+)}", relative)
    if not params:
        return [path]
    if params == ["year", "month"]:
        return [
            path.replace("{year}", str(y)).replace("{month}", str(m))
            for y in values["year"]
            for m in values["month"]
        ]
    if params == ["year"]:
        return [path.replace("{year}", str(y)) for y in values["year"]]
    first = relative.split("/")[0]
    return [path.replace(f"{{{params[0]}}}", str(value)) for value in values[first]]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo is for development machines
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def test_no_answer_carries_a_private_value(client, demo):
    markers = mark_private_values()
    own_markers = {marker for marker, where in markers.items() if where in OWN_FIELDS}
    tokens = {name: token_for(User.objects.get(username=name), "walk") for name in TOKEN_READERS}
    schema = client.get("/api/v1/openapi.json").json()
    values = path_values()
    languages = [code for code, _name in settings.LANGUAGES]

    leaks, answered, calls = [], set(), 0
    for path in schema["paths"]:
        is_me = path == "/api/v1/me" or path.startswith("/api/v1/me/")
        readers = (
            [(name, bearer(token)) for name, token in tokens.items()]
            if is_me
            else [("visitor", {})]
        )
        for url in urls_of(path, values):
            for language in languages:
                for reader, headers in readers:
                    address = f"{url}?{urlencode({'limit': 100, 'lang': language})}"
                    response = client.get(address, **headers)
                    calls += 1
                    assert response.status_code in (200, 404), (address, response.status_code)
                    if response.status_code == 200:
                        answered.add(path)
                    text = response.content.decode()
                    allowed = own_markers if is_me else set()
                    found = [
                        markers[marker]
                        for marker in re.findall(r"zq\d{6}y*x(?:@private\.invalid)?", text)
                        if marker not in allowed
                    ]
                    found += [m.group(0) for m in EMAIL.finditer(text)]
                    if found:
                        leaks.append((reader, address, found))

    assert leaks == []
    assert answered == set(schema["paths"]), "operations never answered 200"
    assert len(markers) > 100 and calls > 100


def test_the_private_field_scan_sees_the_known_private_fields():
    found = {(model._meta.label, field.name) for model, field in private_fields()}

    for expected in [
        ("members.User", "email"),
        ("programs.Application", "contact_email"),
        ("programs.Application", "contact_phone"),
        ("programs.Application", "contact_name"),
        ("programs.ApplicationTransition", "internal_note"),
        ("programs.ThankYouLetter", "token"),
        ("stations.JoinRequest", "message"),
        ("members.Certificate", "revocation_reason"),
        ("api.PersonalAccessToken", "digest"),
    ]:
        assert expected in found
