"""The portal's URLs and one public page with a POST form for anonymous visitors: no
page of the portal has one today, and the page cache must still give each visitor
their own CSRF token if one ever does."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from community_portal.core.page_cache import public_page
from community_portal.urls import urlpatterns as portal_urlpatterns

_FORM = engines["django"].from_string(
    "<p>A page with a form, with text around it: long enough to be worth compressing.</p>"
    '<form method="post" action="/i18n/setlang/">{% csrf_token %}<button>Go</button></form>'
    "<p>The form's token is the visitor's own, in the plain page and the compressed one.</p>"
)


@public_page("programs")
def form_page(request):
    return HttpResponse(_FORM.render({}, request))


urlpatterns = [path("test-form/", form_page, name="test_form"), *portal_urlpatterns]
