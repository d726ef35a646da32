"""A GET on an address that only takes a form's POST gets a page with a way back."""

from django.urls import reverse


def test_get_on_a_post_only_address_shows_a_page_with_a_way_back(member_client, member):
    url = reverse("submissions:submission_withdraw", args=[1])

    response = member_client.get(url, HTTP_REFERER="http://testserver/campaigns/")

    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert "This address takes a form&#x27;s answer" in page or "form's answer" in page
    assert 'href="http://testserver/campaigns/"' in page
    assert f'href="{reverse("home")}"' in page
    assert "Content-Security-Policy" in response


def test_a_referer_from_elsewhere_is_not_offered(member_client):
    url = reverse("submissions:submission_withdraw", args=[1])

    page = member_client.get(url, HTTP_REFERER="https://evil.example/").content.decode()

    assert "evil.example" not in page
