"""Input validation for the partner application and the reviewers' decisions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_portal.core.images import RasterImageField
from partners.enums import TERM_YEARS, Outcome, RenewalDecision
from partners.models import Partnership, PartnershipLevel
from partners.services import PartnerDetails


class LogoInput(forms.ClearableFileInput):
    """The programs' logo widget: shows the current logo itself."""

    template_name = "programs/widgets/logo_input.html"


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ApplicationForm(forms.ModelForm):
    """The application as the organization types it. Everything is needed but the
    logo, which an organization taking part in a program may take from there."""

    level = LevelChoiceField(
        label=_("Partnership level"),
        queryset=PartnershipLevel.objects.order_by("rank"),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    participation = forms.ModelChoiceField(
        label=_("Your organization's program participation"),
        queryset=None,
        required=False,
        help_text=_(
            "If your organization takes part in one of our programs, choose it: its name, "
            "website and logo are used."
        ),
    )
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = RasterImageField(label=_("Logo"), required=False, widget=LogoInput)

    class Meta:
        model = Partnership
        fields = [
            "level",
            "partner_type",
            "participation",
            "organization_name",
            "website",
            "logo",
            "description",
            "qualifications",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = participations
        self.fields["participation"].label_from_instance = lambda p: (
            f"{p.organization_name} · {p.program.title}"
        )
        if not participations.exists():
            del self.fields["participation"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("participation") is None:
            for name in ("organization_name", "website"):
                if name not in self.errors and not cleaned.get(name):
                    self.add_error(name, _("Needed, unless you choose a program participation."))
        return cleaned

    def _post_clean(self):
        # The service builds the row; the model's own checks would ask for fields
        # a participation fills in.
        pass

    def details(self) -> PartnerDetails:
        return PartnerDetails(
            **{
                name: self.cleaned_data.get(name) or ""
                for name in PartnerDetails.__dataclass_fields__
            }
        )


class DecisionForm(forms.Form):
    """The reviewer's words that go with a move in the admin."""

    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only reviewers read this."),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required


class AgreementForm(DecisionForm):
    """The signed agreement: its date and its term."""

    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_years = forms.TypedChoiceField(
        label=_("Term"),
        coerce=int,
        choices=lambda: [
            (years, ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
            for years in TERM_YEARS
        ],
        initial=1,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class EvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        coerce=int,
        choices=[(score, str(score)) for score in range(1, 6)],
        help_text=_("1: very unsatisfied, 5: very satisfied."),
    )
    improvements = forms.CharField(
        label=_("Improvements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner and the community should do better in the next term."),
    )


class RenewalForm(DecisionForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=RenewalDecision.choices, widget=forms.RadioSelect
    )
    level = LevelChoiceField(
        label=_("New level"),
        queryset=PartnershipLevel.objects.order_by("rank"),
        required=False,
        help_text=_("Only when renewing at another level."),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == RenewalDecision.CHANGE_LEVEL and not cleaned.get("level"):
            self.add_error("level", _("Choose the new level."))
        if decision == RenewalDecision.END and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say why, in the comment."))
        return cleaned


class WithdrawForm(forms.Form):
    pass
