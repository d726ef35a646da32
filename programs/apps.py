from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Co-construction programs: applications, review, showcase, thank-you letters."""

    name = "programs"
    verbose_name = _("Programs")

    # Synced to the "Reviewers" group after every migrate (members/roles.py):
    # reviewers configure programs, decide applications and record milestones.
    reviewer_permissions = [
        "programs.view_program",
        "programs.add_program",
        "programs.change_program",
        "programs.view_programstatechange",
        "programs.view_application",
        "programs.change_application",
        "programs.view_applicationtransition",
        "programs.view_namedmember",
        "programs.view_milestone",
        "programs.add_milestone",
        "programs.change_milestone",
        "programs.delete_milestone",
        "programs.view_thankyouletter",
    ]
