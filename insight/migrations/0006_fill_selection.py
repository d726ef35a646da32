"""Fill the selections the dashboard counts active contributors from."""

from django.db import migrations


def fill(apps, schema_editor):
    from insight.summaries import selections_rebuild

    selections_rebuild(
        apps.get_model("submissions", "Submission"), apps.get_model("insight", "Selection")
    )


def empty(apps, schema_editor):
    apps.get_model("insight", "Selection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insight", "0005_selection")]

    operations = [migrations.RunPython(fill, empty)]
