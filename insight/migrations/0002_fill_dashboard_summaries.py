"""Fill the dashboard's summaries from the members, submissions and registrations there are."""

from django.db import migrations


def fill(apps, schema_editor):
    from insight.summaries import summary_rebuild

    summary_rebuild(
        models=(
            apps.get_model("submissions", "Submission"),
            apps.get_model("insight", "Contributor"),
            apps.get_model("stations", "Registration"),
            apps.get_model("insight", "EventAttendance"),
            apps.get_model("members", "User"),
            apps.get_model("insight", "MembersJoined"),
        )
    )


def empty(apps, schema_editor):
    apps.get_model("insight", "Contributor").objects.all().delete()
    apps.get_model("insight", "EventAttendance").objects.all().delete()
    apps.get_model("insight", "MembersJoined").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_dashboard_summaries"),
        ("submissions", "0010_dashboard_indexes"),
        ("stations", "0009_dashboard_index"),
        ("members", "0013_dashboard_indexes"),
    ]

    operations = [migrations.RunPython(fill, empty)]
