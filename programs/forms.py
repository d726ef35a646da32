"""Input validation for the application form, the reviewers' decisions and milestones."""

import re

from django import forms
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from community_portal.core.images import RasterImageField
from programs import selectors, services
from programs.models import REQUIRED_FOR_SUBMISSION, Application
from programs.services import DETAIL_FIELDS, ApplicationDetails

# The button that saves a draft, and the one that saves and submits it.
SAVE, SUBMIT = "save", "submit"


class LogoInput(forms.ClearableFileInput):
    """Shows the current logo itself rather than its file name."""

    template_name = "programs/widgets/logo_input.html"


class ApplicationForm(forms.ModelForm):
    """The application as the applicant types it.

    Saving a draft needs only the organization's name, but everything typed must
    be valid: named members must exist and be other members. Submitting needs every
    field the reviewers read, the code-of-conduct agreement and enough named members.
    """

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = RasterImageField(label=_("Logo"), required=False, widget=LogoInput)
    named_members = forms.CharField(
        label=_("Named community members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Usernames of community members from your organization, one per line. "
            "Each is asked to confirm."
        ),
    )
    agree_to_code_of_conduct = forms.BooleanField(label="", required=False)

    class Media:
        js = ["js/member-search.js"]

    class Meta:
        model = Application
        fields = [*DETAIL_FIELDS]
        widgets = {"usage": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, applicant, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        self.program = program
        self.fields["agree_to_code_of_conduct"].label = format_html(
            _(
                'I agree to follow the <a href="{url}" rel="noopener">code of conduct</a> '
                "(version {version})."
            ),
            url=settings.CODE_OF_CONDUCT_URL,
            version=settings.CODE_OF_CONDUCT_VERSION,
        )
        self.fields["named_members"].help_text = _(
            "Usernames of community members from your organization, one per line. "
            "Each is asked to confirm; %(count)d must confirm before you can submit."
        ) % {"count": program.min_named_members}
        # Enhanced by static/js/member-search.js: a search-as-you-type field that
        # adds the chosen member's username here. Without script, type usernames.
        self.fields["named_members"].widget.attrs.update(
            {
                "data-member-search": reverse("members:search"),
                "data-member-search-label": _("Find a member by name or username"),
                "data-member-search-empty": _("No member matches."),
            }
        )
        if self.instance.pk:
            self.initial.setdefault("logo", self.instance.logo)
            self.initial.setdefault(
                "named_members",
                "\n".join(named.member.username for named in self.instance.named_members.all()),
            )
            self.initial.setdefault(
                "agree_to_code_of_conduct",
                self.instance.coc_version == settings.CODE_OF_CONDUCT_VERSION,
            )
        self.named_member_list = []

    @property
    def wants_submission(self) -> bool:
        return self.data.get("action") == SUBMIT

    def clean_named_members(self):
        text = self.cleaned_data["named_members"]
        names = [name.lstrip("@") for name in re.split(r"[\s,;]+", text) if name.strip("@ ")]
        if len(names) > services.MAX_NAMED_MEMBERS:
            raise forms.ValidationError(
                _("Name at most %(limit)d members.") % {"limit": services.MAX_NAMED_MEMBERS}
            )
        errors, members = [], []
        for name in names:
            if "@" in name:
                # Never tell an applicant whether an address has an account.
                errors.append(
                    _("Enter usernames, not e-mail addresses: %(name)s.") % {"name": name}
                )
                continue
            member = selectors.member_for_naming(identifier=name)
            if member is None:
                errors.append(_("No member has the username %(name)s.") % {"name": name})
            else:
                members.append(member)
        errors += services.named_members_problems(applicant=self.applicant, members=members)
        if errors:
            raise forms.ValidationError(errors)
        self.named_member_list = members
        return "\n".join(member.username for member in members)

    def clean(self):
        cleaned = super().clean()
        if not self.wants_submission:
            return cleaned
        for name in REQUIRED_FOR_SUBMISSION:
            if name in self.errors:
                continue
            kept_logo = name == "logo" and not self.clears_logo() and self.instance.logo
            if not cleaned.get(name) and not kept_logo:
                self.add_error(name, _("Needed before you submit."))
        if not cleaned.get("agree_to_code_of_conduct"):
            self.add_error(
                "agree_to_code_of_conduct",
                _("Agree to the code of conduct before you submit."),
            )
        needed = self.program.min_named_members
        if "named_members" not in self.errors and len(self.named_member_list) < needed:
            self.add_error(
                "named_members",
                _("Name at least %(count)d community members.") % {"count": needed},
            )
        return cleaned

    def details(self) -> ApplicationDetails:
        return ApplicationDetails(**{name: self.cleaned_data[name] for name in DETAIL_FIELDS})

    def new_logo(self):
        """The re-encoded upload, or None when the logo is kept (or cleared)."""
        logo = self.cleaned_data.get("logo")
        return logo if logo and not isinstance(logo, FieldFile) else None

    def clears_logo(self) -> bool:
        return self.cleaned_data.get("logo") is False


class ReviewForm(forms.Form):
    """The reviewer's words that go with a decision in the admin."""

    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicant and the named members read this."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only reviewers read this; it never reaches the applicant."),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required


class NameMemberForm(forms.Form):
    """A reviewer names a member by username or e-mail address."""

    identifier = forms.CharField(label=_("Username or e-mail address"), max_length=254)

    class Media:
        js = ["js/member-search.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Suggestions by name (static/js/member-search.js); an address still works typed.
        self.fields["identifier"].widget.attrs["data-member-search"] = reverse("members:search")

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"]
        member = selectors.member_for_naming(identifier=identifier, allow_email=True)
        if member is None:
            raise forms.ValidationError(_("No active member has this username or address."))
        self.cleaned_data["member"] = member
        return identifier
