"""A member's own data, read with a personal access token (``/api/v1/me/…``).

Each route answers for the token's member only, whoever they are (a reviewer's
token reads the reviewer's own submissions, not everyone's). A session cookie
is not enough: a page on another site can't make a signed-in browser read these.
"""

from typing import Literal

from ninja import Query, Router, Schema

from api.v1 import schemas
from api.v1.common import PageQuery, TokenAuth, invalid_filter, paginate
from programs import selectors as programs
from stations import selectors as stations
from submissions import selectors as submissions
from submissions.enums import SubmissionState
from submissions.filters import MySubmissionsFilter

router = Router(auth=TokenAuth(), tags=["me"])


def _member(request):
    return request.auth.member


@router.get("", response=schemas.MeOut)
def me(request):
    """The member the token belongs to."""
    return _member(request)


@router.get("/points", response=schemas.PointsOut)
def my_points(request, page: Query[PageQuery]):
    """The balance and the ledger's entries, newest first (corrections included)."""
    member = _member(request)
    return paginate(
        submissions.points_history(member=member),
        page,
        balance=submissions.points_balance(member=member),
    )


class MySubmissionsQuery(Schema):
    state: Literal[tuple(SubmissionState.values)] | None = None  # type: ignore[valid-type]


@router.get("/submissions", response=schemas.Page[schemas.SubmissionOut])
def my_submissions(request, page: Query[PageQuery], filters: Query[MySubmissionsQuery]):
    """Every submission of the member, newest first, with its points; filter by state."""
    data = {"state": filters.state} if filters.state else {}
    filterset = MySubmissionsFilter(
        data, queryset=submissions.member_submissions(member=_member(request))
    )
    if not filterset.is_valid():
        raise invalid_filter(filterset)
    return paginate(filterset.qs, page)


@router.get("/applications", response=schemas.Page[schemas.ApplicationOut])
def my_applications(request, page: Query[PageQuery]):
    """The member's program applications, last changed first, with the named members."""
    return paginate(programs.applications_of_applicant(user=_member(request)), page)


@router.get("/registrations", response=schemas.Page[schemas.RegistrationOut])
def my_registrations(request, page: Query[PageQuery]):
    """The member's event registrations (seat, waiting list, cancelled, checked in)."""
    return paginate(stations.member_registrations(member=_member(request)), page)
