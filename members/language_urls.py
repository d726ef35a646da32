"""The language switcher's URL, mounted at /i18n/setlang/ (outside the members/ prefix)."""

from django.urls import path

from members.views.language import set_language

urlpatterns = [path("", set_language, name="set_language")]
