"""The account page where a member makes, names and revokes personal access tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import selectors, services
from api.forms import TokenCreateForm
from community_portal.core.feedback import form_error, show_error


@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.token_create(
                member=request.user, name=form.cleaned_data["name"]
            )
        except services.TokenError as error:
            form_error(form, error)
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.tokens_of_member(member=request.user),
        },
    )
    # The new token is in this page only: no cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        row = services.token_revoke(member=request.user, pk=pk)
    except services.TokenError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": row.name})
    return redirect("api:tokens")
