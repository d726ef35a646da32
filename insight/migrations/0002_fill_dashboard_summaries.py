"""Fill the dashboard's summaries from the submissions and registrations that exist already."""

from django.db import migrations


def fill(apps, schema_editor):
    from insight.summaries import summary_rebuild

    summary_rebuild(
        models=(
            apps.get_model("submissions", "Submission"),
            apps.get_model("insight", "Contributor"),
            apps.get_model("stations", "Registration"),
            apps.get_model("insight", "EventAttendance"),
        )
    )


def empty(apps, schema_editor):
    apps.get_model("insight", "Contributor").objects.all().delete()
    apps.get_model("insight", "EventAttendance").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_dashboard_summaries"),
        ("submissions", "0010_dashboard_indexes"),
        ("stations", "0009_dashboard_index"),
    ]

    operations = [migrations.RunPython(fill, empty)]
