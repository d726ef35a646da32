"""The domain errors of the programs app and the limits its services share."""


# Above this, an application names a crowd rather than its community members.

MAX_NAMED_MEMBERS = 20


class ProgramError(Exception):
    """A program change that is not allowed; the message is shown to the user."""


class ApplicationError(Exception):
    """An application change that is not allowed; each message is shown to the user."""

    def __init__(self, *messages: str):
        self.messages = [str(message) for message in messages]
        super().__init__(" ".join(self.messages))
