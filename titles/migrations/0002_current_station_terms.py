"""The station leads and deputies in office when the app arrived hold a term since
their role's date."""

from django.db import migrations
from django.utils import timezone

SERVICE_ROLES = {"lead": "station_lead", "deputy": "station_deputy"}


def open_terms(apps, schema_editor):
    Membership = apps.get_model("stations", "Membership")
    ServiceTerm = apps.get_model("titles", "ServiceTerm")
    terms = [
        ServiceTerm(
            holder_id=membership.member_id,
            role=SERVICE_ROLES[membership.role],
            station_id=membership.station_id,
            started_on=timezone.localdate(membership.role_since),
        )
        for membership in Membership.objects.filter(role__in=SERVICE_ROLES).iterator()
    ]
    ServiceTerm.objects.bulk_create(terms)


class Migration(migrations.Migration):
    dependencies = [("titles", "0001_initial")]

    operations = [migrations.RunPython(open_terms, migrations.RunPython.noop)]
