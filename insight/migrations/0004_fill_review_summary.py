"""Fill the review-time summary from the requests and histories there are."""

from django.db import migrations


def fill(apps, schema_editor):
    from insight.summaries import rebuild_reviews

    rebuild_reviews(apps)


def empty(apps, schema_editor):
    apps.get_model("insight", "ReviewTiming").objects.all().delete()
    apps.get_model("insight", "ReviewDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0003_review_summary"),
        ("members", "0014_certification_track_service"),
        ("programs", "0004_translated_content_default_language"),
        ("stations", "0009_dashboard_index"),
        ("submissions", "0010_dashboard_indexes"),
    ]

    operations = [migrations.RunPython(fill, empty)]
