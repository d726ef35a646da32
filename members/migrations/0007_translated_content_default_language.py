"""The texts written before they had a column per language become the default language's."""

from django.db import migrations

from community_portal.core.translated import fill_default_language

forward, backward = fill_default_language(
    "members",
    {
        "Tier": ("requirements", "privileges"),
        "CertificationLevel": ("name", "badge_name", "description", "requirements"),
        "VolunteerGroup": ("name", "description", "responsibilities"),
    },
)


class Migration(migrations.Migration):
    dependencies = [("members", "0006_translated_content")]

    operations = [migrations.RunPython(forward, backward)]
