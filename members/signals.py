"""allauth's social-account signals: a GitHub account a member signs in with or
links gives them a verified GitHub handle (its login)."""

from members.services.accounts import member_verify_github_handle


def _github_login(sociallogin) -> str:
    account = getattr(sociallogin, "account", None)
    if account is None or account.provider != "github":
        return ""
    login = (account.extra_data or {}).get("login")
    return login if isinstance(login, str) else ""


def verify_on_signup(sender, request, user, sociallogin=None, **kwargs):
    """A member who signed up with GitHub."""
    if sociallogin is not None and (login := _github_login(sociallogin)):
        member_verify_github_handle(user=user, login=login)


def verify_on_link(sender, request, sociallogin, **kwargs):
    """A member who linked a GitHub account, or signed in again with it (the login
    may have been renamed on GitHub since)."""
    if (login := _github_login(sociallogin)) and sociallogin.user.pk:
        member_verify_github_handle(user=sociallogin.user, login=login)


def connect() -> None:
    from allauth.account.signals import user_signed_up
    from allauth.socialaccount.signals import social_account_added, social_account_updated

    user_signed_up.connect(verify_on_signup, dispatch_uid="members.github_verify_signup")
    social_account_added.connect(verify_on_link, dispatch_uid="members.github_verify_link")
    social_account_updated.connect(verify_on_link, dispatch_uid="members.github_verify_update")
