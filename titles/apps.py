from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    """Terms of service (station leads and deputies, volunteers), the titles a profile
    shows, and the certificates of service reviewers issue for them.

    A certificate of service is a ``members.Certificate`` of a service level: its
    number, verification page, print sheet, QR code, Open Badges credential and
    revocation are the members app's. This app adds the term it attests and its review.
    """

    name = "titles"
    verbose_name = _("Certificates of service and titles")

    reviewer_permissions = [
        "titles.view_serviceterm",
        "titles.view_servicecertificaterequest",
        "titles.change_servicecertificaterequest",
        "titles.view_servicecertificaterequeststep",
    ]

    def ready(self):
        from community_portal.core.page_cache import invalidate_on
        from members.openbadges import register_subject_details
        from titles import models
        from titles.selectors import credential_subject_details

        # Profiles show the titles; certificate pages show the term attested.
        invalidate_on(models.ServiceTerm, "members")
        invalidate_on(models.ServiceCertificateRequest, "members", "certificates")
        register_subject_details(credential_subject_details)
