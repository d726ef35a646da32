"""Certification levels, applications, and the public certificate pages.

The verification page, the printable certificate, its QR code and the Open
Badges credential are public: anyone holding a number may check it. They show
the holder's public name only, never the e-mail address.
"""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform
from community_portal.core.page_cache import public_page
from members import signing
from members.forms import CertificateLookupForm, CertificationApplicationForm, RenewalRequestForm
from members.models import CertificationApplication, CertificationLevel
from members.openbadges import (
    absolute,
    linkedin_add_to_profile_url,
    open_badge_credential,
    signed_credential,
    status_list_credential,
)
from members.selectors.certifications import (
    certificate_by_number,
    certificate_history,
    levels_by_track,
    member_applications,
    member_certificates,
    open_level,
)
from members.services.certifications import (
    certificate_request_renewal,
    certification_application_submit,
    certification_application_withdraw,
)
from members.signing import jwk_set


@public_page("certificates")
def levels(request):
    return render(request, "members/certification_levels.html", {"tracks": levels_by_track()})


@public_page("certificates")
def level_detail(request, slug):
    level = get_object_or_404(CertificationLevel, slug=slug)
    return render(request, "members/certification_level.html", {"level": level})


@login_required
def apply(request, slug):
    level = open_level(slug)
    if level is None:
        raise Http404
    form = CertificationApplicationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            request,
            lambda: certification_application_submit(
                applicant=request.user, level=level, motivation=form.cleaned_data["motivation"]
            ),
            success=_("Your application is sent. Reviewers start with the eligibility review."),
        )
    ):
        return redirect("members:certifications")
    return render(request, "members/certification_apply.html", {"level": level, "form": form})


@login_required
def my_certifications(request):
    certificates = list(member_certificates(request.user))
    for certificate in certificates:
        # One small form per certificate, each with its own field ids.
        certificate.renewal_form = RenewalRequestForm(auto_id=f"id_renewal_{certificate.pk}_%s")
    context = {
        "applications": member_applications(request.user),
        "certificates": certificates,
        "today": timezone.localdate(),
        "tab": "certifications",
    }
    return render(request, "members/my_certifications.html", context)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_object_or_404(CertificationApplication, pk=pk, applicant=request.user)
    perform(
        request,
        lambda: certification_application_withdraw(application=application, applicant=request.user),
        success=_("Your application is withdrawn."),
    )
    return redirect("members:certifications")


@login_required
@require_POST
def renewal_request(request, number):
    certificate = certificate_by_number(number)
    if certificate is None or certificate.holder_id != request.user.pk:
        raise Http404
    form = RenewalRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the reviewers how you kept up to date."))
        return redirect("members:certifications")
    perform(
        request,
        lambda: certificate_request_renewal(
            certificate=certificate, holder=request.user, note=form.cleaned_data["note"]
        ),
        success=_("Your renewal request is sent to the reviewers."),
    )
    return redirect("members:certifications")


@public_page()
def verify(request):
    """Look a certificate up by the number printed on it."""
    form = CertificateLookupForm(request.GET or None)
    not_found = False
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["number"]
        if certificate_by_number(number) is not None:
            return redirect("members:certificate", number=number)
        not_found = True
        # The number is well formed: say so, so the reader checks each character.
        form.add_error(
            "number",
            _(
                "%(number)s is a well-formed number, but no certificate has it. "
                "Compare it with the certificate character by character."
            )
            % {"number": number},
        )
    return render(
        request, "members/certificate_verify.html", {"form": form, "not_found": not_found}
    )


def _certificate_or_404(number):
    certificate = certificate_by_number(number)
    if certificate is None:
        raise Http404
    return certificate


@public_page("certificates", "members")
def certificate(request, number):
    found = _certificate_or_404(number)
    if found.number != number:
        return redirect("members:certificate", number=found.number)
    verify_url = absolute(found.get_absolute_url())
    context = {
        "certificate": found,
        "state": found.state,
        "history": certificate_history(found),
        "verify_url": verify_url,
        "linkedin_url": linkedin_add_to_profile_url(found, verify_url),
        "is_signed": signing.signing_key() is not None,
    }
    return render(request, "members/certificate.html", context)


@public_page("certificates", "members")
def certificate_print(request, number):
    found = _certificate_or_404(number)
    context = {
        "certificate": found,
        "state": found.state,
        "verify_url": absolute(found.get_absolute_url()),
    }
    return render(request, "members/certificate_print.html", context)


@cache_control(max_age=86400, public=True)
def certificate_qr(request, number):
    """The QR code printed on the certificate: it opens the verification page."""
    found = _certificate_or_404(number)
    buffer = io.BytesIO()
    segno.make(absolute(found.get_absolute_url()), error="m").save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, title=found.number
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def _credential_response(data: dict):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


def _jwt_response(token: str | None):
    if token is None:  # the site has no signing key
        raise Http404
    return HttpResponse(token, content_type="application/jwt")


@public_page("certificates", "members")
def certificate_credential(request, number):
    return _credential_response(open_badge_credential(_certificate_or_404(number)))


@public_page("certificates", "members")
def certificate_credential_jwt(request, number):
    credential = open_badge_credential(_certificate_or_404(number))
    return _jwt_response(signed_credential(credential))


# A status list is read by every verifier of every credential: shared caches may keep
# it a few minutes, which is how long a revocation may take to be seen.
@cache_control(max_age=300, public=True)
@public_page("certificates")
def certificate_status_list(request, list_number):
    return _credential_response(status_list_credential(list_number))


@cache_control(max_age=300, public=True)
@public_page("certificates")
def certificate_status_list_jwt(request, list_number):
    return _jwt_response(signed_credential(status_list_credential(list_number)))


@cache_control(max_age=3600, public=True)
def jwks(request):
    return JsonResponse(jwk_set(), content_type="application/jwk-set+json")


@cache_control(max_age=3600, public=True)
def did_document(request):
    return JsonResponse(signing.did_document(), content_type="application/did+json")
