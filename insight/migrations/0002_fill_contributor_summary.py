"""Fill the contributor summary from the submissions that exist already."""

from django.db import migrations


def fill(apps, schema_editor):
    from insight.summaries import summary_rebuild

    summary_rebuild(
        models=(
            apps.get_model("submissions", "Submission"),
            apps.get_model("insight", "Contributor"),
        )
    )


def empty(apps, schema_editor):
    apps.get_model("insight", "Contributor").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_contributor_summary"),
        ("submissions", "0010_dashboard_indexes"),
    ]

    operations = [migrations.RunPython(fill, empty)]
