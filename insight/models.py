"""Summary rows the dashboard reads instead of whole histories (``insight.summaries``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contributor(models.Model):
    """A member with a selected submission, and when the first one was selected.

    Kept in the transaction of each selection (``summaries.contributor_selected``);
    ``manage.py rebuild_insight_summary [--check]`` rebuilds or checks it from the
    submissions. Deleting the member deletes the row with their submissions.
    """

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("member"),
    )
    first_selected_at = models.DateTimeField(_("first selected"))

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        indexes = [models.Index(fields=["first_selected_at"], name="contributor_first_idx")]

    def __str__(self):
        return f"{self.author_id}: {self.first_selected_at:%Y-%m-%d}"
