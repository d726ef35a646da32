"""Input of the recognition admin's pages: a citation, a note for the judges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recognition.services import MAX_CITATION, MAX_NOTE


class CitationForm(forms.Form):
    citation = forms.CharField(
        label=_("Citation"),
        max_length=MAX_CITATION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this member: shown in the hall of fame and sent to them."),
    )


class EssayNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the judges"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
