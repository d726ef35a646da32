"""An e-mail backend that writes each message to its own ``.eml`` file.

Django's file backend appends every message of a connection to one ``.log``
file; one ``.eml`` per message opens directly in any mail program.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            target = self.file_path / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
            temporary = target.with_suffix(".part")
            temporary.write_bytes(message.message().as_bytes(linesep="\r\n"))
            # A reader never sees half a message.
            os.replace(temporary, target)
            sent += 1
        return sent
