"""The events the domain services announce: one function each, called by the service
in the transaction of its change (``webhooks.events.<event>(<object>)``).

Each builds its message's data from the objects the service holds, with no query
of its own (a cached content type at most), and hands it to ``webhook_emit``.
This module reads the domain's objects by their attributes and imports none of
the domain apps, which sit above it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from community_portal.webhooks import payloads as p
from community_portal.webhooks.enums import EventType
from community_portal.webhooks.services import webhook_emit


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _member(user) -> p.WebhookMember:
    return p.WebhookMember(
        username=user.username, name=user.public_name, url=_absolute(user.get_absolute_url())
    )


def _station(station) -> p.WebhookStation:
    return p.WebhookStation(
        slug=station.slug,
        name=station.name,
        kind=station.kind,
        city=station.city,
        url=_absolute(reverse("stations:detail", args=[station.slug])),
    )


def _source(entry) -> p.WebhookPointsSource:
    return p.WebhookPointsSource(
        type=ContentType.objects.get_for_id(entry.source_type_id).model, id=entry.source_id
    )


def application_approved(application) -> None:
    webhook_emit(
        EventType.APPLICATION_APPROVED,
        p.ApplicationApprovedData(
            application_id=application.pk,
            organization=application.organization_name,
            website=application.website,
            program=p.WebhookProgram(
                slug=application.program.slug, title=application.program.title
            ),
            approved_at=application.approved_at,
        ),
        at=application.approved_at,
    )


def submission_selected(submission, *, points: int | None) -> None:
    webhook_emit(
        EventType.SUBMISSION_SELECTED,
        p.SubmissionSelectedData(
            submission_id=submission.pk,
            title=submission.title,
            url=submission.url,
            channel=submission.channel,
            campaign=p.WebhookCampaign(
                slug=submission.campaign.slug, title=submission.campaign.title
            ),
            author=_member(submission.author),
            points=points or None,
            selected_at=submission.selected_at,
        ),
        at=submission.selected_at,
    )


def points_awarded(entry) -> None:
    webhook_emit(
        EventType.POINTS_AWARDED,
        p.PointsAwardedData(
            entry_id=entry.pk,
            member=_member(entry.member),
            amount=entry.amount,
            source=_source(entry),
            awarded_at=entry.created_at,
        ),
        at=entry.created_at,
    )


def points_reversed(reversal) -> None:
    webhook_emit(
        EventType.POINTS_REVERSED,
        p.PointsReversedData(
            entry_id=reversal.pk,
            reverses_entry_id=reversal.reverses_id,
            member=_member(reversal.member),
            amount=reversal.amount,
            source=_source(reversal),
            reversed_at=reversal.created_at,
        ),
        at=reversal.created_at,
    )


def station_founded(station, *, lead, at) -> None:
    webhook_emit(
        EventType.STATION_FOUNDED,
        p.StationFoundedData(station=_station(station), lead=_member(lead), founded_at=at),
        at=at,
    )


def _event(event, model=p.EventData, **extra):
    return model(
        event_id=event.pk,
        title=event.title,
        kind=event.kind,
        state=event.state,
        station=_station(event.station),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=event.venue,
        online=bool(event.online_url),
        capacity=event.capacity,
        url=_absolute(reverse("stations:event", args=[event.station.slug, event.pk])),
        **extra,
    )


def event_created(event) -> None:
    webhook_emit(EventType.EVENT_CREATED, _event(event), at=event.created_at)


def event_changed(event, *, changed) -> None:
    webhook_emit(
        EventType.EVENT_CHANGED,
        _event(event, p.EventChangedData, changed=list(changed)),
        at=event.updated_at,
    )


def event_cancelled(event) -> None:
    webhook_emit(EventType.EVENT_CANCELLED, _event(event), at=event.cancelled_at)


def _certificate(certificate) -> p.CertificateData:
    return p.CertificateData(
        number=certificate.number,
        level=certificate.level.slug,
        level_name=certificate.level.name,
        holder=_member(certificate.holder),
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        revoked=certificate.revoked_at is not None,
        url=_absolute(certificate.get_absolute_url()),
    )


def certificate_issued(certificate) -> None:
    webhook_emit(EventType.CERTIFICATE_ISSUED, _certificate(certificate))


def certificate_revoked(certificate) -> None:
    webhook_emit(
        EventType.CERTIFICATE_REVOKED, _certificate(certificate), at=certificate.revoked_at
    )


def certificate_renewed(certificate) -> None:
    webhook_emit(EventType.CERTIFICATE_RENEWED, _certificate(certificate))


def tier_changed(change) -> None:
    webhook_emit(
        EventType.TIER_CHANGED,
        p.TierChangedData(
            member=_member(change.member),
            from_tier=change.from_tier.level if change.from_tier else None,
            to_tier=change.to_tier.level if change.to_tier else None,
            changed_at=change.decided_at,
        ),
        at=change.decided_at,
    )
