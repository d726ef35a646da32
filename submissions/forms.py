"""Input validation for members' submissions and the admin's decision forms."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from submissions.enums import Channel
from submissions.models import Campaign, RewardRule, Submission


class SubmissionForm(forms.ModelForm):
    """What a member submits (and edits when changes are requested)."""

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address where the content is published."),
    )

    class Meta:
        model = Submission
        fields = ["title", "channel", "url", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("The title of your post, pull request or bug report."),
            "summary": _("A few sentences for the reviewers: what it covers and why it helps."),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (value, label) for value, label in Channel.choices if value in campaign.channels
        ]


class _ChannelsField(forms.MultipleChoiceField):
    """The channels a JSON list holds, as checkboxes, in the order of ``Channel``."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Channel.choices, **kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        return [channel for channel in Channel.values if channel in chosen]


class CampaignAdminForm(forms.ModelForm):
    channels = _ChannelsField(label=_("Accepted channels"))

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "opens_on",
            "closes_on",
            "channels",
            "is_published",
        ]


class RewardRuleAdminForm(forms.ModelForm):
    channels = _ChannelsField(
        label=_("Channels"),
        required=False,
        help_text=_("The rule applies to these channels only. None chosen: every channel."),
    )

    class Meta:
        model = RewardRule
        fields = [
            "position",
            "name",
            "kind",
            "channels",
            "starts_on",
            "ends_on",
            "limit",
            "points",
            "multiplier",
            "min_points",
            "max_points",
        ]


class DecisionForm(forms.Form):
    """The comment a reviewer sends the author with a decision."""

    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RequestChangesForm(DecisionForm):
    comment = forms.CharField(
        label=_("Which changes are needed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SelectForm(DecisionForm):
    """Selecting; asks for the points when a reviewer-valued rule will apply."""

    amount = forms.IntegerField(label=_("Points"), min_value=1)

    def __init__(self, *args, valued_rules: list[RewardRule], **kwargs):
        super().__init__(*args, **kwargs)
        self.valued_rules = valued_rules
        if not valued_rules:
            del self.fields["amount"]
            return
        bounds = "; ".join(
            f"{rule.name}: {rule.min_points}-{rule.max_points}" for rule in valued_rules
        )
        self.fields["amount"].help_text = _(
            "For the submissions the reviewer values (%(bounds)s). Other submissions get "
            "the points of their rule."
        ) % {"bounds": bounds}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        for rule in self.valued_rules:
            if not rule.min_points <= amount <= rule.max_points:
                raise forms.ValidationError(
                    _("“%(rule)s” allows from %(min)s to %(max)s points."),
                    params={"rule": rule.name, "min": rule.min_points, "max": rule.max_points},
                )
        return amount


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        help_text=_("The member sees it in their points history and in a notification."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
