"""Receiver secrets, deliveries received (for replays), what each campaign takes
from GitHub and its forum, pull requests merged on GitHub, and draft submissions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integrations.enums import DraftState, Provider
from submissions.enums import Channel


class ReceiverSecret(models.Model):
    """The shared secret a provider signs its webhooks with. Set in the admin, never
    shown again (``settings.GITHUB_WEBHOOK_SECRET`` / ``DISCOURSE_WEBHOOK_SECRET``
    are used while no row exists)."""

    provider = models.CharField(_("sent by"), max_length=20, choices=Provider.choices, unique=True)
    secret = models.CharField(_("secret"), max_length=200)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook secret")
        verbose_name_plural = _("webhook secrets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provider__in=Provider.values), name="receiversecret_provider"
            ),
            models.CheckConstraint(condition=~models.Q(secret=""), name="receiversecret_not_empty"),
        ]

    def __str__(self):
        # Never the secret itself.
        return str(Provider(self.provider).label)


class WebhookDelivery(models.Model):
    """One delivery received and processed. A provider's delivery id is kept once:
    the same id again is a replay (or a redelivery) and changes nothing."""

    provider = models.CharField(_("sent by"), max_length=20, choices=Provider.choices)
    delivery_id = models.CharField(_("delivery id"), max_length=100)
    event = models.CharField(pgettext_lazy("webhook", "event"), max_length=80)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook received")
        verbose_name_plural = _("webhooks received")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "delivery_id"], name="webhookdelivery_once"
            ),
        ]

    def __str__(self):
        return f"{self.provider} {self.delivery_id}"


class GitHubSource(models.Model):
    """A campaign takes merged pull requests of this repository carrying this label:
    each becomes a draft for its author (a member with that GitHub handle) to confirm."""

    campaign = models.ForeignKey(
        "submissions.Campaign",
        on_delete=models.CASCADE,
        related_name="github_sources",
        verbose_name=_("campaign"),
    )
    repository = models.CharField(
        _("repository"),
        max_length=140,
        help_text=_("The owner and name, as on GitHub: oceanbase/oceanbase-doc."),
    )
    label = models.CharField(
        _("label"), max_length=100, help_text=_("Only pull requests with this label count.")
    )

    class Meta:
        verbose_name = _("GitHub repository of a campaign")
        verbose_name_plural = _("GitHub repositories of campaigns")
        ordering = ["campaign", "repository"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "repository", "label"],
                name="githubsource_once",
                violation_error_message=_("This campaign already takes this repository and label."),
            ),
        ]

    def __str__(self):
        return f"{self.repository} [{self.label}]"


class ForumSource(models.Model):
    """A campaign takes new topics of this forum category: each becomes a draft for
    its author (a member with that forum user name) to confirm."""

    campaign = models.ForeignKey(
        "submissions.Campaign",
        on_delete=models.CASCADE,
        related_name="forum_sources",
        verbose_name=_("campaign"),
    )
    forum_url = models.URLField(
        _("forum address"), help_text=_("The forum's base address: https://ask.oceanbase.com")
    )
    # Normalized like submission URLs, compared with the X-Discourse-Instance header.
    forum_key = models.CharField(max_length=200, editable=False)
    category_id = models.PositiveIntegerField(
        _("category id"), help_text=_("The number in the category's address: /c/name/<id>.")
    )

    class Meta:
        verbose_name = _("forum category of a campaign")
        verbose_name_plural = _("forum categories of campaigns")
        ordering = ["campaign", "forum_url", "category_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "forum_key", "category_id"],
                name="forumsource_once",
                violation_error_message=_("This campaign already takes this forum category."),
            ),
        ]

    def __str__(self):
        return f"{self.forum_url} #{self.category_id}"


class PullRequestMerge(models.Model):
    """GitHub said the pull request a submission points to was merged."""

    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.CASCADE,
        related_name="github_merge",
        verbose_name=_("submission"),
    )
    repository = models.CharField(_("repository"), max_length=140)
    pr_author = models.CharField(_("pull request author"), max_length=39)
    merged_at = models.DateTimeField(_("merged on GitHub"))
    author_mismatch = models.BooleanField(
        _("author differs"),
        default=False,
        help_text=_("The pull request's author is not the submitter's GitHub user name."),
    )
    handle_verified = models.BooleanField(
        _("submitter's handle verified"),
        default=False,
        help_text=_("The submitter's GitHub user name came from signing in with GitHub."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("merged on GitHub")
        verbose_name_plural = _("merged on GitHub")

    def __str__(self):
        return f"{self.repository} @{self.pr_author}"


class SubmissionDraft(models.Model):
    """Content found by a webhook, waiting for its author to confirm it as a
    submission (or discard it). A draft is never reviewed and never earns points:
    confirming creates an ordinary submission, reviewed as usual."""

    campaign = models.ForeignKey(
        "submissions.Campaign",
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("campaign"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submission_drafts",
        verbose_name=_("member"),
    )
    provider = models.CharField(_("found by"), max_length=20, choices=Provider.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    url_key = models.CharField(max_length=500, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    external_author = models.CharField(_("author there"), max_length=60)
    repository = models.CharField(_("repository"), max_length=140, blank=True)
    handle_verified = models.BooleanField(_("handle verified"), default=False)
    merged_at = models.DateTimeField(_("merged on GitHub"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DraftState.choices, default=DraftState.PENDING
    )
    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("submission"),
    )
    created_at = models.DateTimeField(_("found"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("draft submission")
        verbose_name_plural = _("draft submissions")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Idempotent: a pull request or topic makes one draft per campaign, ever.
            models.UniqueConstraint(fields=["campaign", "url_key"], name="submissiondraft_once"),
            models.CheckConstraint(
                condition=models.Q(state__in=DraftState.values), name="submissiondraft_state"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("integrations:draft", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state == DraftState.PENDING
