"""History comments the portal wrote itself become stored messages, read in each
reader's language: the place's other spellings (written in English or in the
language of whoever edited them) and the fields an event edit changed (written as
field names). Comments typed by a person stay as they are."""

from django.db import migrations

from community_portal.core.messages import (
    STATION_EVENT_CHANGED,
    STATION_PLACE_ALIASES,
    convert_stored_rows,
    stored,
    translatable_list,
)

# The event fields an edit logged, by name, with their labels (the models' verbose names).
EVENT_FIELD_LABELS = {
    "title": "title",
    "kind": "kind",
    "description": "description",
    "starts_at": "starts",
    "ends_at": "ends",
    "venue": "place",
    "online_url": "online link",
    "capacity": "capacity",
}


def event_changes_to_messages(StationLogEntry) -> int:
    converted = 0
    rows = StationLogEntry.objects.filter(action="event_changed", message_id="")
    for pk, comment in rows.values_list("pk", "comment").iterator():
        names = [name.strip() for name in comment.split(",")]
        if not comment or any(name not in EVENT_FIELD_LABELS for name in names):
            continue
        row = stored(
            STATION_EVENT_CHANGED,
            fields=translatable_list(EVENT_FIELD_LABELS[name] for name in names),
        )
        StationLogEntry.objects.filter(pk=pk).update(
            comment=row.text, message_id=row.message_id, message_params=row.params
        )
        converted += 1
    return converted


def log_comments_to_messages(apps, schema_editor):
    StationLogEntry = apps.get_model("stations", "StationLogEntry")
    convert_stored_rows(
        StationLogEntry.objects.filter(action="page_edited"),
        text_field="comment",
        messages=[STATION_PLACE_ALIASES],
    )
    event_changes_to_messages(StationLogEntry)


class Migration(migrations.Migration):
    dependencies = [("stations", "0006_stored_messages")]

    operations = [migrations.RunPython(log_comments_to_messages, migrations.RunPython.noop)]
