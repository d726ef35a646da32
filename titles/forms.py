from django import forms
from django.utils.translation import gettext_lazy as _


class ServiceRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What you did (optional)"),
        help_text=_("What you organized or achieved, for the reviewers."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
