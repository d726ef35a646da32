"""Input validation for the stations pages; the rules of the domain live in services."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from community_portal.chat.enums import Provider
from community_portal.core.images import RasterImageField
from stations import selectors
from stations.enums import EventKind, Region, StationKind, StationRole
from stations.models import Membership, name_key
from stations.services import StationError, check_place_is_free

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class FoundingRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of station"), choices=StationKind.choices)
    name = forms.CharField(
        label=_("Name of the station"),
        max_length=100,
        help_text=_("The city or the university, e.g. “Shenzhen” or “Zhejiang University”."),
    )
    city = forms.CharField(
        label=_("City"), max_length=100, help_text=_("For a university: the city it is in.")
    )
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    motivation = forms.CharField(
        label=_("Why this station"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_(
            "Who would come, what you would organize, and how you take part in the community today."
        ),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name_key(name):
            raise forms.ValidationError(_("Give the station a name."))
        if selectors.station_exists_for_name(name=name):
            raise forms.ValidationError(
                _("There is already a station for %(name)s."), params={"name": name}
            )
        if selectors.pending_founding_exists_for_name(name=name):
            raise forms.ValidationError(
                _("Someone already asked to found a station for %(name)s; it is being reviewed."),
                params={"name": name},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        kind, name, city = (cleaned.get(field) for field in ("kind", "name", "city"))
        if kind and name and city:
            try:
                check_place_is_free(kind=kind, name=name, city=city.strip())
            except StationError as error:
                # A city station's place is its city; a university station's, its name.
                self.add_error("city" if kind == StationKind.CITY else "name", str(error))
        return cleaned


def _markdown_field(help_text):
    return forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        required=False,
        max_length=10000,
        help_text=help_text,
    )


def _members_but_the_lead(station):
    return selectors.station_members(station=station).exclude(role=StationRole.LEAD)


class StationPageForm(forms.Form):
    description = _markdown_field(_("Markdown: **bold**, lists, links."))
    banner = RasterImageField(label=_("Banner"), required=False)
    remove_banner = forms.BooleanField(label=_("Remove the current banner"), required=False)
    join_link = forms.URLField(
        label=_("Join link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where people meet between events, e.g. a chat group's invitation."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def banner_change(self):
        """What to do with the banner: a new image, False to remove it, None to keep it."""
        if self.cleaned_data.get("banner"):
            return self.cleaned_data["banner"]
        if self.cleaned_data.get("remove_banner"):
            return False
        return None


class StationChatForm(forms.Form):
    """The station group's chat channel. The webhook address and the secret are
    credentials: never put back into the page; left empty, the saved ones stay."""

    provider = forms.ChoiceField(label=_("Chat"), choices=Provider.choices)
    webhook_url = forms.CharField(
        label=_("Webhook address of the group's robot"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk (SEC…) and Feishu only, when the robot signs its messages."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the signing secret"), required=False)
    language = forms.ChoiceField(label=_("Language of the messages"), choices=settings.LANGUAGES)
    is_active = forms.BooleanField(label=_("Post to the group"), required=False, initial=True)

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel is not None:
            keep = _("Saved, never shown again. Leave empty to keep the saved one.")
            self.fields["webhook_url"].help_text = keep
            self.fields["secret"].help_text = f"{self.fields['secret'].help_text} {keep}"


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the lead"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=1000,
        help_text=_("Optional: who you are and what brings you to this station."),
    )


class JoinDecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))]
    )
    response = forms.CharField(
        label=_("Answer to the member"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        if membership.role:
            # Translators: a member and their role in a list to choose from.
            return pgettext("member with role", "%(name)s (%(role)s)") % {
                "name": membership.member.public_name,
                "role": membership.get_role_display(),
            }
        return membership.member.public_name


class RoleAppointForm(forms.Form):
    membership = MembershipChoiceField(label=_("Member"), queryset=Membership.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (StationRole.DEPUTY, StationRole.DEPUTY.label),
            (StationRole.COMMITTEE, StationRole.COMMITTEE.label),
        ],
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members_but_the_lead(station)


class HandOverForm(forms.Form):
    NO_ROLE = "none"
    new_lead = MembershipChoiceField(label=_("New lead"), queryset=Membership.objects.none())
    previous_lead_role = forms.ChoiceField(
        label=_("The current lead becomes"),
        choices=[
            (StationRole.DEPUTY, StationRole.DEPUTY.label),
            (StationRole.COMMITTEE, StationRole.COMMITTEE.label),
            (NO_ROLE, pgettext_lazy("station role", "a member without a role")),
        ],
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_lead"].queryset = _members_but_the_lead(station)

    def previous_role(self) -> str:
        role = self.cleaned_data["previous_lead_role"]
        return "" if role == self.NO_ROLE else role


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Local time (%(zone)s).") % {"zone": settings.TIME_ZONE},
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    venue = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Address of the venue; leave empty for an online talk."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where to watch or join online."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=100_000,
        help_text=_("Seats; further registrations join a waiting list."),
    )
    description = _markdown_field(_("Markdown: programme, speakers, what to bring."))

    def __init__(self, *args, seats_taken: int = 0, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats_taken = seats_taken
        self.is_new = is_new

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if self.is_new and starts_at <= timezone.now():
            raise forms.ValidationError(_("An event is planned for the future."))
        return starts_at

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < self.seats_taken:
            raise forms.ValidationError(
                _("%(count)d people already hold a seat: the capacity cannot be lower."),
                params={"count": self.seats_taken},
            )
        return capacity

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("An event ends after it starts."))
        venue, online_url = cleaned.get("venue", ""), cleaned.get("online_url", "")
        if cleaned.get("kind") == EventKind.ONLINE_TALK and not online_url:
            if "online_url" not in self.errors:
                self.add_error("online_url", _("An online talk needs a link."))
        elif not venue and not online_url and "online_url" not in self.errors:
            self.add_error("venue", _("Give a place, an online link, or both."))
        return cleaned


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Everyone registered or waiting receives this message."),
    )


class PlaceAliasesForm(forms.Form):
    """The admin's page for the other spellings of a station's place."""

    aliases = forms.CharField(
        label=_("Other spellings of the place"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. “上海, 上海市” for Shanghai."),
    )


class ReviewCommentForm(forms.Form):
    """The admin's intermediate page: a comment to the people the decision concerns."""

    comment = forms.CharField(
        label=_("Comment to the proposer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, comment_required: bool = False, comment_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required
        if comment_label:
            self.fields["comment"].label = comment_label


# --- Follow-up --------------------------------------------------------------------------


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the event?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not good at all · 5: excellent."),
    )
    what_was_good = forms.CharField(
        label=_("What was good"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    what_to_improve = forms.CharField(
        label=_("What to improve"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


# Photos added per submission; the form can be sent again for more.
PHOTO_SLOTS = 3


class EventSummaryForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("event follow-up", "Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Markdown: how it went, the talks, what comes next."),
    )
    slides_url = forms.URLField(
        label=_("Link to the slides"), required=False, assume_scheme="https"
    )
    recording_url = forms.URLField(
        label=_("Link to the recording"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{n}"] = RasterImageField(
                label=_("Photo %(number)d") % {"number": n}, required=False
            )
            self.fields[f"alt_{n}"] = forms.CharField(
                label=_("What photo %(number)d shows") % {"number": n},
                max_length=300,
                required=False,
                help_text=_(
                    "Read aloud to people who cannot see it, e.g. “Ten people at a whiteboard”."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        for n in range(1, PHOTO_SLOTS + 1):
            if cleaned.get(f"photo_{n}") and not cleaned.get(f"alt_{n}", "").strip():
                self.add_error(f"alt_{n}", _("Say what the photo shows."))
        return cleaned

    def photos(self) -> list[tuple]:
        """(re-encoded image, alt text) of every photo sent."""
        return [
            (self.cleaned_data[f"photo_{n}"], self.cleaned_data[f"alt_{n}"])
            for n in range(1, PHOTO_SLOTS + 1)
            if self.cleaned_data.get(f"photo_{n}")
        ]
