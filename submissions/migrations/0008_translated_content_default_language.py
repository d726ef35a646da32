"""The texts written before they had a column per language become the default language's."""

from django.db import migrations

from community_portal.core.translated import fill_default_language

forward, backward = fill_default_language(
    "submissions",
    {
        "Campaign": ("title", "summary", "description"),
        "RewardRule": ("name",),
    },
)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0007_translated_content")]

    operations = [migrations.RunPython(forward, backward)]
