from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.core.images import RasterImageField
from store.models import Reward
from store.services import MAX_ADDRESS


class OrderForm(forms.Form):
    """The order form of a reward: the shipping address, for rewards that are sent."""

    shipping_address = forms.CharField(
        label=_("Shipping address"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_ADDRESS,
        help_text=_("Name, street, city, postal code, country and a phone number for the courier."),
    )

    def __init__(self, *args, reward: Reward, **kwargs):
        super().__init__(*args, **kwargs)
        if not reward.needs_shipping:
            del self.fields["shipping_address"]


class CancelForm(forms.Form):
    comment = forms.CharField(label=_("Why (optional)"), required=False, max_length=1000)


class RewardAdminForm(forms.ModelForm):
    """The image goes through the same checks as the stations' banners."""

    image = RasterImageField(label=_("Image"), required=False)

    class Meta:
        model = Reward
        fields = [
            "name",
            "description",
            "kind",
            "image",
            "price",
            "stock",
            "per_member_limit",
            "needs_shipping",
            "active",
        ]


class ShippingCommentForm(forms.Form):
    """The admin's ship, deliver and cancel actions: a comment to the member."""

    comment = forms.CharField(
        label=_("Comment to the member"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required
