"""The texts written before they had a column per language become the default language's."""

from django.db import migrations

from community_portal.core.translated import fill_default_language

forward, backward = fill_default_language(
    "stations",
    {
        "Station": ("name", "description"),
        "Event": ("title", "description"),
    },
)


class Migration(migrations.Migration):
    dependencies = [("stations", "0004_translated_content")]

    operations = [migrations.RunPython(forward, backward)]
