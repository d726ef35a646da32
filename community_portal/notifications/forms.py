"""The preferences form: which kinds reach a member on which channel, and the digest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.notifications.preferences import Row


def choice_value(kind_id: str, channel: str) -> str:
    return f"{kind_id}:{channel}"


class PreferencesForm(forms.Form):
    enabled = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    daily_digest = forms.BooleanField(
        required=False,
        label=_("Send me what is not urgent once a day, in one e-mail"),
        help_text=_(
            "Urgent messages (an event that changes, a deadline tomorrow) still come at once; "
            "everything stays in your inbox as it happens."
        ),
    )

    def __init__(self, *args, rows: list[Row], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"].choices = [
            (choice_value(row.kind.id, channel), choice_value(row.kind.id, channel))
            for row in rows
            if not row.kind.mandatory
            for channel, on in row.channels.items()
            if on is not None
        ]

    def enabled_pairs(self) -> set[tuple[str, str]]:
        return {tuple(value.rsplit(":", 1)) for value in self.cleaned_data["enabled"]}
