"""Tier history rows the portal wrote itself ("Joined the community.", in English or
in the language of whoever caused it) become stored messages, read in each reader's
language. Reasons typed by a person stay as they are."""

from django.db import migrations

from community_portal.core.messages import TIER_JOINED, convert_stored_rows


def tier_reasons_to_messages(apps, schema_editor):
    TierChange = apps.get_model("members", "TierChange")
    convert_stored_rows(
        TierChange.objects.filter(decided_by__isnull=True),
        text_field="reason",
        messages=[TIER_JOINED],
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0008_stored_messages")]

    operations = [migrations.RunPython(tier_reasons_to_messages, migrations.RunPython.noop)]
