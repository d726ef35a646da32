"""Input validation: the member's confirmation of a draft, the admin's secrets and sources."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import ForumSource, GitHubSource, ReceiverSecret
from submissions.links import normalize_url

# GitHub's owner/name: letters, digits, "-", "_" and ".".
REPOSITORY_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$"


class DraftConfirmForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the reviewers should know about it."),
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give it a title."))
        return title


class ReceiverSecretForm(forms.ModelForm):
    """The secret is write-only: never rendered back, kept when left empty."""

    secret = forms.CharField(
        label=_("Secret"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "The secret typed in the provider's webhook settings. It is never shown again; "
            "leave empty to keep the one saved."
        ),
    )

    class Meta:
        model = ReceiverSecret
        fields = ["provider", "secret"]

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if secret:
            if len(secret) < 16:
                raise forms.ValidationError(_("Use at least 16 characters."))
            return secret
        if self.instance.pk:
            return self.instance.secret
        raise forms.ValidationError(_("Enter the secret."))


class GitHubSourceForm(forms.ModelForm):
    repository = forms.RegexField(
        label=_("Repository"),
        regex=REPOSITORY_PATTERN,
        max_length=140,
        error_messages={"invalid": _("Enter owner/name, for example: oceanbase/oceanbase-doc")},
    )

    class Meta:
        model = GitHubSource
        fields = ["campaign", "repository", "label"]

    def clean_repository(self):
        return self.cleaned_data["repository"].strip()

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(_("Enter the label."))
        return label


class ForumSourceForm(forms.ModelForm):
    forum_url = forms.URLField(
        label=_("Forum address"),
        max_length=200,
        assume_scheme="https",
        help_text=_("The forum's base address: https://ask.oceanbase.com"),
    )

    class Meta:
        model = ForumSource
        fields = ["campaign", "forum_url", "category_id"]

    def clean(self):
        data = super().clean()
        url, campaign, category = (data.get(k) for k in ("forum_url", "campaign", "category_id"))
        if url:
            # The key is not a form field, so the unique constraint is checked here.
            self.instance.forum_key = normalize_url(url)
            taken = ForumSource.objects.filter(
                campaign=campaign, forum_key=self.instance.forum_key, category_id=category
            ).exclude(pk=self.instance.pk)
            if campaign and category is not None and taken.exists():
                self.add_error("category_id", _("This campaign already takes this forum category."))
        return data


__all__ = ["DraftConfirmForm", "ForumSourceForm", "GitHubSourceForm", "ReceiverSecretForm"]
