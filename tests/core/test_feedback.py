"""Views show every app's refusals the same way."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from community_portal.core.feedback import form_error, perform, show_error
from members.errors import MemberError
from submissions.errors import SubmissionError


class CommentForm(forms.Form):
    comment = forms.CharField(required=False)


def request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_form_error_goes_beside_the_field_it_names():
    form = CommentForm({"comment": ""})
    form.is_valid()

    form_error(form, SubmissionError("Say which changes.", field="comment"))

    assert form.errors == {"comment": ["Say which changes."]}


def test_form_error_without_a_known_field_goes_above_the_form():
    form = CommentForm({"comment": ""})
    form.is_valid()

    form_error(form, SubmissionError("Closed.", "Come back later.", field="url"))

    assert form.non_field_errors() == ["Closed.", "Come back later."]


def test_show_error_and_perform_say_the_same_thing():
    request = request_with_messages()

    show_error(request, MemberError("Not now."))

    def refused():
        raise MemberError("Not now.")

    assert perform(request, refused, success="Done.") is False
    assert perform(request, lambda: None, success="Done.") is True
    assert [str(m) for m in get_messages(request)] == ["Not now.", "Not now.", "Done."]


def test_perform_lets_other_errors_through():
    with pytest.raises(ZeroDivisionError):
        perform(request_with_messages(), lambda: 1 / 0, success="Done.")
