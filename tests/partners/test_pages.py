"""The partner pages: the public partners page, the application form, who sees an
application, the query budget of the partners page, the sitemap."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.enums import PartnershipState
from partners.models import Partnership
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.partners import PartnershipFactory, level
from tests.factories.programs import png_bytes
from tests.factories.stations import station_lead

pytestmark = pytest.mark.django_db

APPLICATION = {
    "partner_type": "monitoring_vendor",
    "organization_name": "Grafino",
    "website": "https://grafino.example.com",
    "description": "Dashboards built on the project.",
    "qualifications": "We ship the exporter.",
    "contact_name": "Zhao Min",
    "contact_email": "partners@grafino.example.com",
}


def test_the_partners_page_groups_active_partners_by_level_with_their_logos(client):
    PartnershipFactory(organization_name="Skyforge", level=level("strategic"), active=True)
    PartnershipFactory(organization_name="Grafino", level=level("technical"), active=True)
    PartnershipFactory(organization_name="Pending Co", level=level("technical"))

    page = client.get(reverse("partners:list")).content.decode()

    strategic = page.index('data-testid="level-strategic"')
    technical = page.index('data-testid="level-technical"')
    assert strategic < page.index("Skyforge") < technical < page.index("Grafino")
    assert "Pending Co" not in page
    assert "Long-term cooperation" in page and "Technical priority" in page
    assert page.count('data-testid="partner"') == 2


def test_the_partners_page_shows_its_logos(client):
    partner = PartnershipFactory(
        active=True,
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    )
    page = client.get(reverse("partners:list")).content.decode()
    assert partner.logo.url in page
    assert f"Logo of {partner.organization_name}" in page


def test_the_partners_page_says_when_there_is_no_partner_yet(client):
    page = client.get(reverse("partners:list")).content.decode()
    assert "No partner yet" in page
    assert "Become a partner" in page


def test_the_partners_page_in_chinese_shows_the_levels_in_chinese(client):
    page = client.get(reverse("partners:list"), {"lang": "zh-hans"}).content.decode()
    assert "战略合作伙伴" in page and "长期合作" in page


def test_the_cached_partners_page_shows_a_partner_as_soon_as_it_is_active(client):
    ReviewerFactory()
    reviewer = ReviewerFactory()
    partnership = PartnershipFactory(state=PartnershipState.AGREEMENT)
    assert (
        partnership.organization_name not in client.get(reverse("partners:list")).content.decode()
    )

    services.partnership_sign(
        partnership=partnership, actor=reviewer, signed_on=timezone.localdate(), term_years=1
    )

    assert partnership.organization_name in client.get(reverse("partners:list")).content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_partners_page_runs_the_same_queries_for_one_partner_as_for_fifty(
    client, django_assert_num_queries, count
):
    for _n in range(count):
        PartnershipFactory(active=True)
    # Cached pages would prove nothing: a member's request is never cached.
    client.force_login(MemberFactory())
    client.get(reverse("partners:list"))

    with django_assert_num_queries(QUERIES_FOR_LIST):
        response = client.get(reverse("partners:list"))
    assert response.content.decode().count('data-testid="partner"') == count


# session + user, the levels, their active partners (the unread count is cached).
QUERIES_FOR_LIST = 4


def test_applying_sends_the_application_and_lists_it_for_the_member(client, member):
    client.force_login(member)

    response = client.post(
        reverse("partners:apply"), {**APPLICATION, "level": level("technical").pk}, follow=True
    )

    partnership = Partnership.objects.get()
    assert response.redirect_chain[-1][0] == partnership.get_absolute_url()
    assert partnership.applicant == member and partnership.state == PartnershipState.SUBMITTED
    assert "Grafino" in client.get(reverse("partners:mine")).content.decode()


def test_a_bad_application_shows_errors_beside_the_fields_and_keeps_what_was_typed(client, member):
    client.force_login(member)

    response = client.post(
        reverse("partners:apply"),
        {
            **APPLICATION,
            "level": level("technical").pk,
            "website": "",
            "contact_email": "not an address",
            "logo": SimpleUploadedFile("logo.svg", b"<svg></svg>", content_type="image/svg+xml"),
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["website"] == ["Needed, unless you choose a program participation."]
    assert form.errors["contact_email"] == ["Enter a valid email address."]
    assert "logo" in form.errors
    page = response.content.decode()
    assert "Dashboards built on the project." in page and "We ship the exporter." in page
    assert Partnership.objects.count() == 0


def test_an_application_for_an_organization_already_applying_says_so_beside_its_name(
    client, member
):
    PartnershipFactory(organization_name="Grafino")
    client.force_login(member)

    response = client.post(
        reverse("partners:apply"), {**APPLICATION, "level": level("technical").pk}
    )

    assert response.context["form"].errors["organization_name"] == [
        "This organization already has an application or a partnership."
    ]


def test_anonymous_visitors_are_asked_to_sign_in_before_applying(client):
    response = client.get(reverse("partners:apply"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.fixture
def application(member):
    return PartnershipFactory(applicant=member, qualifications="Private: our revenue plan.")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("other member", False),
        ("lead of another station", False),
        ("owner", True),
        ("reviewer", True),
    ],
)
def test_an_application_is_seen_by_its_applicant_and_the_reviewers_only(
    client, member, application, who, sees
):
    user = {
        "anonymous": None,
        "other member": MemberFactory(),
        "lead of another station": station_lead(),
        "owner": member,
        "reviewer": ReviewerFactory(),
    }[who]
    if user is not None:
        client.force_login(user)

    response = client.get(application.get_absolute_url())

    if sees:
        assert response.status_code == 200
        assert "Private: our revenue plan." in response.content.decode()
    else:
        assert response.status_code in (302, 404)
        assert "revenue plan" not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["anonymous", "other member", "lead of another station", "reviewer"]
)
def test_only_the_applicant_can_withdraw_even_with_a_forged_post(client, application, who):
    user = {
        "anonymous": None,
        "other member": MemberFactory(),
        "lead of another station": station_lead(),
        "reviewer": ReviewerFactory(),
    }[who]
    if user is not None:
        client.force_login(user)

    response = client.post(reverse("partners:withdraw", args=[application.pk]))

    assert response.status_code in (302, 404)
    application.refresh_from_db()
    assert application.state == PartnershipState.SUBMITTED


def test_the_applicant_withdraws_from_the_application_page(client, member, application):
    client.force_login(member)

    response = client.post(reverse("partners:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.state == PartnershipState.WITHDRAWN
    assert "Your application is withdrawn." in response.content.decode()


def test_my_applications_says_when_there_is_none(client, member):
    client.force_login(member)
    assert "No partner application yet." in client.get(reverse("partners:mine")).content.decode()


def test_the_sitemap_and_robots_txt_know_the_partners_pages(client):
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert reverse("partners:list") in pages
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /partners/applications/" in robots
