"""After an event (seed 001: 活动总结、反馈收集、效果评估): attendees' feedback, the lead's summary.

Feedback is anonymous to everyone but the database: no history entry names who
answered, and the pages show ratings and comments without names. One answer per
registration is a unique key; the service turns the database's refusal of a
second one (two tabs, a double click) into a message.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.core.messages import STATION_EVENT_SUMMARY, stored
from community_portal.core.translated import with_language_columns
from stations.enums import EventState, LogAction, RegistrationState
from stations.models import Event, EventFeedback, EventPhoto, EventSummary, Registration
from stations.services.common import StationError, StationPermissionDenied, _log, _require_manager

# Enough for a gallery; each is at most a banner's size.
MAX_PHOTOS_PER_EVENT = 24


def _require_followed_up(event: Event) -> None:
    if event.state == EventState.CANCELLED:
        raise StationError(_("This event was cancelled."))
    if event.ends_at > timezone.now():
        raise StationError(_("This is possible once the event has ended."))


def check_can_give_feedback(*, event: Event, member) -> Registration:
    """The member's checked-in registration, or a refusal saying why not."""
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is None or registration.state != RegistrationState.ATTENDED:
        raise StationPermissionDenied(
            _("Only people who were checked in at the event can give feedback.")
        )
    _require_followed_up(event)
    return registration


@transaction.atomic
def feedback_submit(
    *, event: Event, member, rating: int, what_was_good: str = "", what_to_improve: str = ""
) -> EventFeedback:
    """Record a checked-in attendee's answer, once: a second one is refused."""
    registration = check_can_give_feedback(event=event, member=member)
    if rating not in range(1, 6):
        raise StationError(_("Choose a rating from 1 to 5."), field="rating")
    try:
        with transaction.atomic():
            return EventFeedback.objects.create(
                event=event,
                registration=registration,
                rating=rating,
                what_was_good=what_was_good.strip(),
                what_to_improve=what_to_improve.strip(),
            )
    except IntegrityError as error:
        raise StationError(_("You already gave your feedback on this event. Thank you!")) from error


@transaction.atomic
def event_summary_save(
    *,
    event: Event,
    actor,
    text: str,
    slides_url: str = "",
    recording_url: str = "",
    photos: list[tuple] = (),
) -> EventSummary:
    """Write (or rewrite) the summary of an ended event and add ``photos``, a list of
    (re-encoded image, alt text); one history entry says how many photos came."""
    event = Event.objects.select_for_update().select_related("station").get(pk=event.pk)
    _require_manager(event.station, actor)
    _require_followed_up(event)
    if not text.strip():
        raise StationError(_("Write a few words about how the event went."), field="text")
    if photos and event.photos.count() + len(photos) > MAX_PHOTOS_PER_EVENT:
        raise StationError(
            _("An event keeps at most %(count)d photos.") % {"count": MAX_PHOTOS_PER_EVENT}
        )
    summary = EventSummary.objects.filter(event=event).first()
    if summary is None:
        summary = EventSummary.objects.create(
            event=event,
            text=text.strip(),
            slides_url=slides_url.strip(),
            recording_url=recording_url.strip(),
            written_by=actor,
        )
    else:
        summary.text = text.strip()
        summary.slides_url = slides_url.strip()
        summary.recording_url = recording_url.strip()
        # The text is the writer's language's: other languages keep theirs.
        summary.save(
            update_fields=with_language_columns(
                EventSummary, ["text", "slides_url", "recording_url", "updated_at"]
            )
        )
    for image, alt_text in photos:
        photo = EventPhoto(event=event, alt_text=alt_text.strip(), added_by=actor)
        photo.image.save(image.name, image, save=False)
        photo.save()
    _log(
        action=LogAction.EVENT_SUMMARY_POSTED,
        actor=actor,
        station=event.station,
        event=event,
        message=stored(STATION_EVENT_SUMMARY, photos=len(photos)),
    )
    return summary
