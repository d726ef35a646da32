"""Member-facing pages of the members app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from members.forms import ProfileForm
from members.services import member_update_profile


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        member_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        # Confirm in the language just chosen.
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        return redirect("members:profile_edit")
    return render(request, "members/profile_edit.html", {"form": form})
