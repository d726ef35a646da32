"""Public pages of the submissions app: acknowledgments, the home card, navigation, layout."""

import re
from datetime import date

import pytest
from django.urls import reverse

from submissions.enums import SubmissionState
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


# --- Acknowledgments ----------------------------------------------------------------------


def test_acknowledgments_list_everyone_selected_once(client, campaign):
    author = MemberFactory(display_name="Lin Xiao")
    SubmissionFactory(campaign=campaign, author=author, title="Three zones", selected=True)
    SubmissionFactory(campaign=campaign, author=author, title="Backups", selected=True)
    SubmissionFactory(campaign=campaign, title="Rejected one", state=SubmissionState.REJECTED)
    SubmissionFactory(title="Elsewhere", selected=True)

    response = client.get(reverse("submissions:acknowledgments", args=[campaign.slug]))
    page = page_text(response)

    assert [person.member for person in response.context["people"]] == [author]
    assert page.count("Lin Xiao") == 1
    assert "Three zones" in page
    assert "Backups" in page
    assert "Rejected one" not in page
    assert "Elsewhere" not in page


def test_acknowledgments_without_selections_say_so(client, campaign):
    page = page_text(client.get(reverse("submissions:acknowledgments", args=[campaign.slug])))

    assert "No content has been selected yet." in page
    assert "Download as Markdown" not in page


def test_acknowledgments_download_as_markdown_for_the_book(client, campaign):
    SubmissionFactory(
        campaign=campaign,
        author=MemberFactory(display_name="*Lin* [Xiao]"),
        title="Tuning_memstore (part 1)",
        url="https://blog.example.org/a_(b)",
        selected=True,
    )

    response = client.get(reverse("submissions:acknowledgments_markdown", args=[campaign.slug]))

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{campaign.slug}-acknowledgments.md"'
    )
    text = response.content.decode()
    assert text.startswith(f"# Acknowledgments: {campaign.title}\n")
    assert (
        r"- **\*Lin\* \[Xiao\]**: [Tuning\_memstore \(part 1\)](<https://blog.example.org/a_(b)>)"
        in text
    )
    assert "&amp;" not in text and "&lt;" not in text


# --- Navigation, home and layout ----------------------------------------------------------


def test_home_card_lists_the_open_campaigns(client):
    CampaignFactory(title="Open now")
    CampaignFactory(title="Long gone", opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1))

    page = page_text(client.get(reverse("home")))

    assert "Open now" in page
    assert "Long gone" not in page


def test_navigation_links_campaigns_and_leaderboard(client):
    page = page_text(client.get(reverse("submissions:leaderboard")))

    assert f'<a href="{reverse("submissions:campaign_list")}">Campaigns</a>' in page
    assert f'<a href="{reverse("submissions:leaderboard")}" aria-current="page">' in page


@pytest.mark.parametrize(
    "name", ["campaign_list", "mine", "points", "leaderboard", "campaign_detail", "acknowledgments",
             "submission_create", "submission_detail"],
)  # fmt: skip
def test_pages_have_no_inline_script_or_style(member_client, member, campaign, name):
    submission = SubmissionFactory(campaign=campaign, author=member)
    args = {"campaign_detail": [campaign.slug], "acknowledgments": [campaign.slug],
            "submission_create": [campaign.slug], "submission_detail": [submission.pk]}  # fmt: skip

    response = member_client.get(reverse(f"submissions:{name}", args=args.get(name, [])))
    page = page_text(response)

    assert response.status_code == 200
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
    assert "<style" not in page
    assert ' style="' not in page
    assert re.search(r"\son[a-z]+=", page) is None
    assert "<title>" in page
