"""Fill the leaderboards' summary rows from the ledger entries that exist already."""

from django.db import migrations


def fill(apps, schema_editor):
    from submissions.points_summary import summary_rebuild

    summary_rebuild(
        models=(
            apps.get_model("submissions", "PointEntry"),
            apps.get_model("submissions", "PointsTotal"),
            apps.get_model("submissions", "PointsTally"),
        )
    )


def empty(apps, schema_editor):
    apps.get_model("submissions", "PointsTally").objects.all().delete()
    apps.get_model("submissions", "PointsTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_points_summary")]

    operations = [migrations.RunPython(fill, empty)]
