import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.members import MemberFactory
from tests.factories.programs import (
    ApplicationFactory,
    NamedMemberFactory,
    ProgramFactory,
    confirmed_application,
    png_bytes,
)


@pytest.fixture
def program(db):
    return ProgramFactory()


@pytest.fixture
def applicant(db):
    return MemberFactory(username="applicant")


@pytest.fixture
def ready_draft(program, applicant):
    """A draft that can be submitted: complete, two named members confirmed."""
    return confirmed_application(program=program, applicant=applicant)


@pytest.fixture
def in_review(program, applicant):
    application = ApplicationFactory(program=program, applicant=applicant, in_review=True)
    NamedMemberFactory.create_batch(2, application=application, confirmed=True)
    return application


@pytest.fixture
def png_upload():
    def make(name="logo.png", content=None):
        return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")

    return make
