"""Reviewers choose stars and send content to the essay competition in the admin."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from recognition.enums import NominationState
from recognition.models import EssayRecommendation, Nomination
from tests.factories.members import MemberFactory
from tests.factories.recognition import JudgeFactory, NominationFactory
from tests.factories.stations import station_lead
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db

NOMINATIONS = reverse("admin:recognition_nomination_changelist")
SUBMISSIONS = reverse("admin:submissions_submission_changelist")
RECOMMENDATIONS = reverse("admin:recognition_essayrecommendation_changelist")


def act(client, url, action, objects, **data):
    payload = {"action": action, helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data}
    return client.post(url, payload, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_reviewer_lists_nominations_with_filters_and_search(reviewer_client):
    NominationFactory(member__display_name="Lin Xiao")
    NominationFactory(member__display_name="Wang Lei", star=True)

    found = reviewer_client.get(
        NOMINATIONS, {"q": "Lin Xiao", "state": "nominated", "year": "2025"}
    )

    assert found.status_code == 200
    assert [n.member.display_name for n in found.context["cl"].result_list] == ["Lin Xiao"]


def test_reviewer_chooses_stars_with_a_citation(reviewer_client, reviewer):
    nominations = NominationFactory.create_batch(2)

    form = act(reviewer_client, NOMINATIONS, "choose_stars", nominations)
    assert "citation" in form.context["form"].fields
    done = act(
        reviewer_client, NOMINATIONS, "choose_stars", nominations, apply="1", citation="Both!"
    )

    assert "2 rows done: Choose as stars (with a citation)." in messages_of(done)
    assert set(Nomination.objects.filter(kind="month").values_list("state", flat=True)) == {
        NominationState.CHOSEN
    }
    assert Nomination.objects.filter(chosen_by=reviewer).count() == 2


def test_the_form_keeps_a_missing_citation_beside_its_field(reviewer_client):
    nomination = NominationFactory()

    response = act(
        reviewer_client, NOMINATIONS, "choose_stars", [nomination], apply="1", citation=""
    )

    assert response.context["form"].errors["citation"]
    nomination.refresh_from_db()
    assert nomination.state == NominationState.NOMINATED


def test_reviewer_is_not_offered_their_own_nomination(reviewer_client, reviewer):
    own = NominationFactory(member=reviewer)

    act(reviewer_client, NOMINATIONS, "choose_stars", [own], apply="1", citation="Me")

    own.refresh_from_db()
    assert own.state == NominationState.NOMINATED


def test_history_shows_who_chose_and_the_citation(reviewer_client, reviewer):
    nomination = NominationFactory()
    act(reviewer_client, NOMINATIONS, "choose_stars", [nomination], apply="1", citation="Ch. 7")

    page = reviewer_client.get(reverse("admin:recognition_nomination_change", args=[nomination.pk]))

    assert page.status_code == 200
    assert "Ch. 7" in page.content.decode()
    assert reviewer.public_name in page.content.decode() or str(reviewer) in page.content.decode()


@pytest.mark.parametrize("who", ["another member", "the owner", "lead of another station"])
def test_non_reviewers_cannot_open_the_nominations(client, who):
    nomination = NominationFactory()
    people = {
        "another member": MemberFactory,
        "the owner": lambda: nomination.member,
        "lead of another station": station_lead,
    }
    client.force_login(people[who]())

    response = act(client, NOMINATIONS, "choose_stars", [nomination], apply="1", citation="x")

    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    nomination.refresh_from_db()
    assert nomination.state == NominationState.NOMINATED


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(NOMINATIONS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_reviewer_recommends_a_selected_submission_from_the_submissions_list(reviewer_client):
    JudgeFactory()
    submission = SubmissionFactory(selected=True)

    done = act(
        reviewer_client,
        SUBMISSIONS,
        "recommend_to_essay_competition",
        [submission],
        apply="1",
        note="Worth a prize.",
    )

    assert done.status_code == 200
    assert EssayRecommendation.objects.get().note == "Worth a prize."
    assert reviewer_client.get(RECOMMENDATIONS).status_code == 200


def test_a_submission_not_selected_is_refused_with_a_message(reviewer_client):
    submission = SubmissionFactory()

    done = act(
        reviewer_client, SUBMISSIONS, "recommend_to_essay_competition", [submission], apply="1"
    )

    assert any("Only selected content" in text for text in messages_of(done))
    assert not EssayRecommendation.objects.exists()


def test_reviewer_is_not_offered_their_own_submission(reviewer_client, reviewer):
    own = SubmissionFactory(selected=True, author=reviewer)

    act(reviewer_client, SUBMISSIONS, "recommend_to_essay_competition", [own], apply="1")

    assert not EssayRecommendation.objects.exists()
