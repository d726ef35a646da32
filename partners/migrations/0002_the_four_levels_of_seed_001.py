"""The four partnership levels of seed 001, in each language (partners/levels.py)."""

from django.db import migrations


def add_levels(apps, schema_editor):
    from partners.levels import ensure_levels

    ensure_levels(apps.get_model("partners", "PartnershipLevel"))


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_levels_partnerships_and_evaluations")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
