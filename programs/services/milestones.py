"""Milestones that maintainers record for a participant."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import content
from community_portal.core.translated import translation_fields, with_language_columns
from community_portal.notifications.services import notify
from members.models import User
from programs.enums import (
    PARTICIPATION_STATES,
)
from programs.models import (
    Application,
    Milestone,
)
from programs.services.applications import _clean_text

# Above this, an application names a crowd rather than its community members.
from programs.services.common import ApplicationError
from programs.services.review import _lock, _params

# --- Milestones ---------------------------------------------------------------------------------


# The texts in each language (title_en, title_zh_hans, ...) as the admin edits them.
MILESTONE_TEXTS = translation_fields("title", "description")
MILESTONE_FIELDS = (
    "kind",
    "title",
    "description",
    *MILESTONE_TEXTS,
    "link",
    "achieved_on",
    "promoted",
)


def _check_milestone_allowed(application: Application, actor: User) -> None:
    if not actor.is_reviewer:
        raise ApplicationError(_("Only a reviewer can record milestones."))
    if application.state not in PARTICIPATION_STATES:
        raise ApplicationError(_("Milestones are recorded for approved participations only."))


@transaction.atomic
def milestone_record(
    *,
    application: Application,
    actor: User,
    kind: str,
    achieved_on: date,
    title: str = "",
    description: str = "",
    link: str = "",
    promoted: bool = False,
    **texts: str,
) -> Milestone:
    """Record a milestone; ``title`` and ``description`` are in the active language,
    ``texts`` in named ones (``title_zh_hans="..."``)."""
    unknown = set(texts) - set(MILESTONE_TEXTS)
    if unknown:
        raise TypeError(f"unknown milestone texts: {sorted(unknown)}")
    application = _lock(application)
    _check_milestone_allowed(application, actor)
    milestone = Milestone(
        application=application,
        kind=kind,
        link=link,
        achieved_on=achieved_on,
        promoted=promoted,
        recorded_by=actor,
    )
    for name, value in {**texts, "title": title, "description": description}.items():
        if value or name in texts:
            setattr(milestone, name, _clean_text(value))
    milestone.save()
    notify(
        recipient=application.applicant,
        actor=actor,
        subject=gettext_noop("New milestone for %(organization)s: %(milestone)s"),
        body=gettext_noop("The maintainers recorded it on the showcase of %(program)s."),
        params={**_params(application), "milestone": content(milestone, "title")},
        url=reverse("programs:showcase"),
    )
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor: User, changes: dict) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_milestone_allowed(_lock(milestone.application), actor)
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These milestone fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(milestone, name, _clean_text(value))
    if changes:
        milestone.save(update_fields=with_language_columns(Milestone, changes))
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: User) -> None:
    _check_milestone_allowed(_lock(milestone.application), actor)
    Milestone.objects.filter(pk=milestone.pk).delete()
