"""Texts that Django's or allauth's own catalogs leave untranslated in a portal language.

The project catalog (``locale/``) comes first in Django's lookup, so a translation
there fills the gap. The texts are marked here so that ``make messages`` keeps them
in ``locale/`` (it drops what no source file marks); nothing imports this module.
``tests/core/test_admin_and_account_languages.py`` renders the admin and the account
pages in each language and names any gap left. The admin's JavaScript texts have
no Python source to mark: their gaps live in ``locale/*/LC_MESSAGES/djangojs.po``,
which ``make messages`` compiles but never regenerates.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.admin, missing in zh_Hans (Django 5.2).
gettext_noop("Model name")
gettext_noop("Add link")
gettext_noop("Change or view list link")
gettext_noop("Error:")
gettext_noop("Forgotten your login credentials?")
gettext_noop("In case you’ve forgotten, you are:")  # noqa: RUF001
gettext_noop(
    "After you’ve created a user, you’ll be able to edit more user options."  # noqa: RUF001
)

# django.conf, missing in zh_Hans.
gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")

# django.contrib.auth's password validator, missing in zh_Hans.
ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
