"""Opening, closing and archiving a program."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from programs.enums import (
    PROGRAM_TRANSITIONS,
    ProgramState,
)
from programs.models import (
    Program,
    ProgramStateChange,
)

# Above this, an application names a crowd rather than its community members.
from programs.services.common import ProgramError

# --- Programs ---------------------------------------------------------------------------------


@transaction.atomic
def program_change_state(*, program: Program, to_state: str, actor: User) -> Program:
    """Open, close or archive a program, as ``PROGRAM_TRANSITIONS`` allows."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    source = program.state
    if to_state not in PROGRAM_TRANSITIONS.get(source, ()):
        raise ProgramError(
            _("A program that is %(state)s cannot become %(target)s.")
            % {"state": ProgramState(source).label, "target": ProgramState(to_state).label}
        )
    if to_state == ProgramState.OPEN and program.closes_on < timezone.localdate():
        raise ProgramError(
            _("The application window of “%(program)s” has passed; move its closing date first.")
            % {"program": program.title}
        )
    program.state = to_state
    program.save(update_fields=["state"])
    ProgramStateChange.objects.create(
        program=program, actor=actor, from_state=source, to_state=to_state
    )
    return program
