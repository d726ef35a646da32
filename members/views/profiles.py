"""The member's own profile form, public profiles and the member directory."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from community_portal.core.page_cache import public_page
from community_portal.core.pagination import KeysFirstPaginator
from members.filters import DirectoryFilter
from members.forms import ProfileForm
from members.models import User
from members.selectors.certifications import public_certificates
from members.selectors.mentorship import mentor_for
from members.selectors.profiles import directory_members, members_matching, profile_member
from members.selectors.volunteering import member_group_memberships
from members.services.accounts import member_update_profile

DIRECTORY_PAGE_SIZE = 24


@login_required
def profile_edit(request):
    # The form validates into a copy: request.user changes only through the service.
    copy = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        avatar = data["avatar"]  # new image, False (cleared) or the stored file
        member_update_profile(
            user=request.user,
            display_name=data["display_name"],
            preferred_language=data["preferred_language"],
            bio=data["bio"],
            city=data["city"],
            organization=data["organization"],
            github_handle=data["github_handle"],
            forum_username=data["forum_username"],
            languages=data["languages"],
            avatar=avatar if avatar is False or isinstance(avatar, ContentFile) else None,
        )
        # Confirm in the language just chosen.
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        return redirect("members:profile_edit")
    return render(request, "members/profile_edit.html", {"form": form})


@public_page("members", "certificates", "programs", "recognition", "stations", "submissions")
def profile(request, username):
    member = profile_member(username)
    if member is None:
        raise Http404
    context = {
        "profile_member": member,
        "certificates": list(public_certificates(member)),
        "groups": list(member_group_memberships(member)),
        "mentor": mentor_for(member),
        "is_me": request.user.pk == member.pk,
    }
    return render(request, "members/profile.html", context)


@public_page("members", "certificates", query=("q", "tier", "city", "certification", "page"))
def directory(request):
    filterset = DirectoryFilter(request.GET or None, queryset=directory_members())
    members = filterset.qs
    paginator = KeysFirstPaginator(
        members,
        DIRECTORY_PAGE_SIZE,
        count_key=f"members-directory:{members.query}",
        count_tags=("members", "certificates"),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "members/directory.html", {"filter": filterset, "page": page})


# Each signed-in member may ask this many searches a minute (a field types one
# every few key presses): enough for typing, too few to page through everyone.
SEARCH_RATE = 60


def member_search(request):
    """``?q=li`` → ``{"results": [{"username": "linxiao", "name": "Lin Xiao"}, ...]}``:
    the public names of members, for the fields that name members. Signed-in
    members only, rate-limited, nothing private."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to search for members.")}, status=403)
    key = f"members:search-rate:{request.user.pk}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        count = 1
    if count > SEARCH_RATE:
        return JsonResponse({"error": _("Too many searches: wait a minute.")}, status=429)
    results = members_matching(request.GET.get("q", ""))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
