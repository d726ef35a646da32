"""The webhook receivers (GitHub, Discourse) and the member's drafts.

A receiver answers 403 with an empty body to a missing or wrong signature (and
when no secret is configured), 400 to a signed body it cannot read, 200 to
everything else: processed, ignored or already processed (a replayed delivery id).
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from community_portal.core.feedback import form_error, show_error
from community_portal.core.workflow import DomainError
from integrations import payloads, selectors, services
from integrations.enums import Provider
from integrations.errors import PayloadError
from integrations.forms import DraftConfirmForm
from integrations.signatures import receiver_secret, signature_is_valid

logger = logging.getLogger(__name__)

_DELIVERY_ID_MAX = 100
_EVENT_MAX = 80


def _signed_body(request, provider: str, signature_header: str):
    """The raw body when its signature is right, else the response to send."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        body = request.body
    except RequestDataTooBig:
        return HttpResponse(status=413)
    if not signature_is_valid(
        body=body, header=request.headers.get(signature_header), secret=receiver_secret(provider)
    ):
        logger.warning("%s webhook refused: bad or missing signature", provider)
        return HttpResponse(status=403)
    return body


def _header(request, name: str, limit: int) -> str:
    value = (request.headers.get(name) or "").strip()
    if not value or len(value) > limit or not value.isprintable():
        raise PayloadError(f"{name}: missing or invalid")
    return value


def _bad_request(provider: str, error: PayloadError) -> JsonResponse:
    logger.info("%s webhook: unreadable payload (%s)", provider, error)
    return JsonResponse({"error": "invalid payload", "detail": str(error)}, status=400)


@csrf_exempt
def github_webhook(request):
    body = _signed_body(request, Provider.GITHUB, "X-Hub-Signature-256")
    if isinstance(body, HttpResponse):
        return body
    try:
        delivery_id = _header(request, "X-GitHub-Delivery", _DELIVERY_ID_MAX)
        event = _header(request, "X-GitHub-Event", _EVENT_MAX)
        data = payloads.parse_json(body)
        pull_request = payloads.pull_request_event(data) if event == "pull_request" else None
    except PayloadError as error:
        return _bad_request(Provider.GITHUB, error)
    outcome = services.github_receive(
        delivery_id=delivery_id, event=event, pull_request=pull_request
    )
    return JsonResponse({"result": outcome})


@csrf_exempt
def discourse_webhook(request):
    body = _signed_body(request, Provider.DISCOURSE, "X-Discourse-Event-Signature")
    if isinstance(body, HttpResponse):
        return body
    try:
        delivery_id = _header(request, "X-Discourse-Event-Id", _DELIVERY_ID_MAX)
        event = _header(request, "X-Discourse-Event", _EVENT_MAX)
        data = payloads.parse_json(body)
        topic = forum_url = None
        if event == "topic_created":
            forum_url = payloads.forum_instance(request.headers.get("X-Discourse-Instance"))
            topic = payloads.topic_event(data)
    except PayloadError as error:
        return _bad_request(Provider.DISCOURSE, error)
    outcome = services.discourse_receive(
        delivery_id=delivery_id, event=event, forum_url=forum_url or "", topic=topic
    )
    return JsonResponse({"result": outcome})


@login_required
def drafts(request):
    return render(
        request,
        "integrations/drafts.html",
        {"drafts": selectors.drafts_of(request.user)},
    )


@login_required
def draft(request, pk: int):
    found = selectors.draft_of(request.user, pk)
    if found is None:
        raise Http404
    form = DraftConfirmForm(
        request.POST if request.POST.get("action") == "confirm" else None,
        initial={"title": found.title, "summary": found.summary},
    )
    if request.method == "POST" and found.is_pending:
        if request.POST.get("action") == "discard":
            try:
                services.draft_discard(draft=found, member=request.user)
            except DomainError as error:
                show_error(request, error)
            else:
                messages.success(request, _("The draft is discarded."))
            return redirect("integrations:drafts")
        if form.is_valid():
            try:
                submission = services.draft_confirm(
                    draft=found,
                    member=request.user,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Submitted: it now waits for review."))
                return redirect(submission.get_absolute_url())
    return render(request, "integrations/draft.html", {"draft": found, "form": form})
