"""The admin's channel form: credentials are write-only (never put back in the page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.chat.enums import Audience
from community_portal.chat.models import ChatChannel
from community_portal.chat.services import ChatError, check_webhook_url

KEEP_HELP = _("Saved, never shown again. Leave empty to keep the saved one.")


def credential_field(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=help_text,
    )


class ChatChannelAdminForm(forms.ModelForm):
    webhook_url = credential_field(_("webhook URL"))
    secret = credential_field(
        _("signing secret"),
        help_text=_("DingTalk (SEC…) and Feishu only, when the robot signs its messages."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the signing secret"), required=False)

    class Meta:
        model = ChatChannel
        fields = ["name", "provider", "audience", "station", "language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["webhook_url"].help_text = KEEP_HELP
            self.fields["secret"].help_text = f"{self.fields['secret'].help_text} {KEEP_HELP}"
        else:
            self.fields["webhook_url"].required = True

    def clean(self):
        data = super().clean()
        audience, station = data.get("audience"), data.get("station")
        if audience == Audience.STATION and station is None:
            self.add_error("station", _("Choose the station whose group this is."))
        if audience and audience != Audience.STATION and station is not None:
            self.add_error("station", _("Only a station's group names a station."))
        provider = data.get("provider")
        url = data.get("webhook_url") or ""
        if provider and not url and self.instance.pk and provider != self.instance.provider:
            self.add_error(
                "webhook_url", _("Give the webhook address again when you change the provider.")
            )
        elif provider and (url or self.instance.webhook_url):
            try:
                check_webhook_url(provider, url or self.instance.webhook_url)
            except ChatError as error:
                self.add_error("webhook_url", error.messages[0])
        # Kept aside for the service: left in, the admin's form (whose fields are its
        # fieldsets) would write an empty "keep it" over the saved credential.
        self.credentials = {
            "webhook_url": data.pop("webhook_url", "") or "",
            "secret": data.pop("secret", "") or "",
            "clear_secret": data.pop("clear_secret", False) or False,
        }
        if self.credentials["webhook_url"]:
            # For the model's own validation of the new channel.
            self.instance.webhook_url = self.credentials["webhook_url"]
        return data
