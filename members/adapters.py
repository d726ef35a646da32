"""allauth adapters: how sign-up, verification and social login fit the portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from members.services import member_welcome


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new member keeps the language they signed up in.
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        member_welcome(user=email_address.user)
        return confirmed
