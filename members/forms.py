"""Input validation for the members app's pages and admin actions (no domain rules here)."""

import re
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from community_portal.core.images import RasterImageField
from members import progress
from members.models import MentorSlot, Tier, TierThreshold, User
from members.selectors.certifications import normalize_certificate_number
from members.services.mentorship import MAX_SLOT_CAPACITY

AVATAR_MAX_BYTES = 1024 * 1024


class ProfileForm(forms.ModelForm):
    avatar = RasterImageField(
        label=_("Avatar"),
        required=False,
        max_bytes=AVATAR_MAX_BYTES,
        max_side=512,
        widget=forms.ClearableFileInput,
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "preferred_language",
            "avatar",
            "bio",
            "city",
            "organization",
            "github_handle",
            "forum_username",
            "languages",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        handle = self.fields["github_handle"]
        if self.instance.github_handle and self.instance.github_handle_verified:
            handle.help_text = _(
                "Verified: the login of the GitHub account you signed in with or linked. "
                "Changing it by hand makes it unverified."
            )
        elif self.instance.github_handle:
            handle.help_text = _(
                "Unverified: typed by hand. Sign in with GitHub or link your GitHub "
                "account to verify it."
            )

    def clean_github_handle(self):
        handle = self.cleaned_data["github_handle"].strip()
        # People paste their profile address or type the @; both mean the same handle.
        handle = re.sub(r"^(https?://)?(www\.)?github\.com/", "", handle, flags=re.IGNORECASE)
        handle = handle.strip("/").removeprefix("@")
        if handle:
            User._meta.get_field("github_handle").run_validators(handle)
        return handle

    def clean_forum_username(self):
        name = self.cleaned_data["forum_username"].strip().removeprefix("@")
        if name:
            User._meta.get_field("forum_username").run_validators(name)
            taken = User.objects.filter(forum_username__iexact=name).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Another member gave this forum user name."))
        return name


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Links to your contributions, talks, reviews or anything the reviewers should see."
        ),
    )


class CertificationApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("What qualifies you"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Courses, tests, projects and contributions that meet the requirements."),
    )


class RenewalRequestForm(forms.Form):
    note = forms.CharField(
        label=_("How you kept up to date"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: continuing education, technical updates or contributions."),
    )


_NUMBER_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


class CertificateLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-IJKL-MNOP."),
    )

    def clean_number(self):
        typed = self.cleaned_data["number"]
        number = normalize_certificate_number(typed)
        if not number:
            raise ValidationError(_certificate_number_problem(typed), code="format")
        return number


def _certificate_number_problem(typed: str) -> str:
    """What is wrong with a typed certificate number, said so it can be fixed."""
    compact = re.sub(r"[\s-]+", "", typed).upper()
    strangers = sorted({character for character in compact if character not in _NUMBER_ALPHABET})
    if strangers:
        return _(
            "A certificate number uses only the letters A to Z and the digits 2 to 7; "
            "it cannot contain %(characters)s (0 and 1 are the letters O and I)."
        ) % {"characters": " ".join(strangers)}
    return _(
        "A certificate number has 16 letters and digits, in four groups of four; "
        "this one has %(count)d."
    ) % {"count": len(compact)}


class VolunteerApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you want to join"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class VolunteerAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MentorForm(forms.Form):
    areas = forms.CharField(
        label=_("Areas"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you can help with, for example: tracing, the collector, first PRs."),
    )
    is_active = forms.BooleanField(label=_("I am taking mentees"), required=False)


class MentorSlotForm(forms.ModelForm):
    class Meta:
        model = MentorSlot
        fields = ["starts_on", "ends_on", "capacity", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise ValidationError(_("A slot cannot start in the past."), code="past")
        return starts_on

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= MAX_SLOT_CAPACITY:
            raise ValidationError(
                _("Between 1 and %(max)d mentees."),
                code="capacity",
                params={"max": MAX_SLOT_CAPACITY},
            )
        return capacity

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The slot ends on or after the day it starts."))
        if starts_on and ends_on and ends_on - starts_on > timedelta(days=366):
            self.add_error("ends_on", _("A slot lasts a year at most."))
        return cleaned


class MentorshipAskForm(forms.Form):
    goals = forms.CharField(
        label=_("What you want to learn"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Admin ------------------------------------------------------------------------------


class TierThresholdAdminForm(forms.ModelForm):
    """Offers the measures the installed apps register; an unknown key is refused."""

    class Meta:
        model = TierThreshold
        fields = ["measure", "minimum"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = progress.measure_choices()
        current = self.instance.measure if self.instance.pk else ""
        if current and progress.get_measure(current) is None:
            # Kept from before its app was removed: shown, and kept if left alone.
            choices.append((current, _("%(key)s (not measured by the portal)") % {"key": current}))
        self.fields["measure"] = forms.ChoiceField(
            label=_("measure"), choices=[("", "---------"), *choices]
        )


class MemberPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password form, with its help text in the reader's language.

    Django 5.2 builds that text by adding a str to a lazy translation at import
    time, which freezes it in English, and leaves its warning unmarked."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the certificate's public page, so those checking it know why."),
    )


class TierApprovalForm(ReasonForm):
    override_reason = forms.CharField(
        label=_("Override reason"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed only when the member is below a threshold the portal measures: why approve "
            "anyway."
        ),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProjectEvaluationForm(forms.Form):
    comment = forms.CharField(
        label=_("Project evaluation"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ScoreForm(CommentForm):
    score = forms.IntegerField(label=_("Test score"), min_value=0, max_value=100)

    field_order = ["score", "comment"]


class ChangeTierForm(ReasonForm):
    tier = forms.ModelChoiceField(
        label=_("New tier"),
        queryset=Tier.objects.order_by("rank"),
        required=False,
        empty_label=_("No tier"),
    )

    field_order = ["tier", "reason"]
