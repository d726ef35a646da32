"""Partner types, the states of a partnership and the moves allowed between them.

The table is the only definition of the workflow: the services refuse any change
that is not listed, whoever asks for it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


class LevelCode(models.TextChoices):
    """The four partnership levels of seed 001, highest first."""

    STRATEGIC = "strategic", _("Strategic partner")
    TECHNICAL = "technical", _("Technical partner")
    BUSINESS = "business", _("Business partner")
    COMMUNITY = "community", _("Community partner")


class PartnerType(models.TextChoices):
    """What kind of organization a partner is (seed 001, 合作伙伴类型)."""

    CLOUD_PROVIDER = "cloud_provider", _("Cloud provider")
    MONITORING_VENDOR = "monitoring_vendor", _("Monitoring vendor")
    OPEN_SOURCE_PROJECT = "open_source_project", _("Open-source project")
    CONSULTING_COMPANY = "consulting_company", _("Consulting company")
    SYSTEM_INTEGRATOR = "system_integrator", _("System integrator")
    RESELLER = "reseller", _("Reseller")
    TECHNOLOGY_VENDOR = "technology_vendor", _("Technology vendor")
    INDUSTRY_ACADEMIC = "industry_academic", _("Industry or academic partner")


class PartnershipState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("partnership state", "applied")
    IN_REVIEW = "in_review", pgettext_lazy("partnership state", "qualification review")
    AGREEMENT = "agreement", pgettext_lazy("partnership state", "agreement in preparation")
    ACTIVE = "active", pgettext_lazy("partnership state", "active")
    REJECTED = "rejected", pgettext_lazy("partnership state", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("partnership state", "withdrawn")
    ENDED = "ended", pgettext_lazy("partnership state", "ended")


class Step(models.TextChoices):
    """What a history entry records: a move, an evaluation or a renewal decision."""

    APPLIED = "applied", _("applied")
    REVIEW_STARTED = "review_started", _("qualification review started")
    QUALIFIED = "qualified", _("qualified: agreement in preparation")
    REJECTED = "rejected", pgettext_lazy("partner step", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("partner step", "withdrawn")
    SIGNED = "signed", _("agreement signed: active")
    EVALUATED = "evaluated", _("yearly evaluation recorded")
    RENEWED = "renewed", _("renewed")
    LEVEL_CHANGED = "level_changed", _("renewed at another level")
    ENDED = "ended", pgettext_lazy("partner step", "ended")


class Outcome(models.TextChoices):
    """The yearly evaluation's verdict on the commitments (合作效果评估)."""

    EXCEEDED = "exceeded", _("commitments exceeded")
    MET = "met", _("commitments met")
    PARTLY_MET = "partly_met", _("commitments partly met")
    NOT_MET = "not_met", _("commitments not met")


class RenewalDecision(models.TextChoices):
    RENEW = "renew", _("Renew at the same level")
    CHANGE_LEVEL = "change_level", _("Renew at another level")
    END = "end", _("End the partnership")


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("the applicant")
    REVIEWER = REVIEWER, _("a reviewer")


_S = PartnershipState
# The applicant is the party; reviewers decide, never on an application they made.
PARTNERSHIP_TABLE = TransitionTable(
    [
        Move(_S.SUBMITTED, _S.IN_REVIEW, Actor.REVIEWER),
        Move(_S.IN_REVIEW, _S.AGREEMENT, Actor.REVIEWER),
        Move(_S.IN_REVIEW, _S.REJECTED, Actor.REVIEWER, needs_comment=True),
        Move(_S.AGREEMENT, _S.ACTIVE, Actor.REVIEWER),
        Move(_S.AGREEMENT, _S.REJECTED, Actor.REVIEWER, needs_comment=True),
        # A renewal (at the same level or another) starts a new term.
        Move(_S.ACTIVE, _S.ACTIVE, Actor.REVIEWER),
        Move(_S.ACTIVE, _S.ENDED, Actor.REVIEWER, needs_comment=True),
        Move(_S.SUBMITTED, _S.WITHDRAWN, Actor.APPLICANT),
        Move(_S.IN_REVIEW, _S.WITHDRAWN, Actor.APPLICANT),
        Move(_S.AGREEMENT, _S.WITHDRAWN, Actor.APPLICANT),
    ],
    parties=[Actor.APPLICANT],
)

# Waiting for a reviewer's decision.
REVIEW_QUEUE_STATES = (_S.SUBMITTED, _S.IN_REVIEW, _S.AGREEMENT)
# Decided or given up: these do not block a new application for the organization.
CLOSED_STATES = (_S.REJECTED, _S.WITHDRAWN, _S.ENDED)
# Term lengths an agreement may have, in years (one by default: the evaluation is yearly).
TERM_YEARS = (1, 2, 3)
# The reminder to evaluate is due from this many days before the term ends.
EVALUATION_NOTICE_DAYS = 30
