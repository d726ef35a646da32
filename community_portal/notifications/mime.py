"""How a notification's e-mail is written as a MIME message, quickly.

A reminder sends the same text to thousands of members. Python's ``email``
package builds and writes each message part by part (headers folded, payloads
encoded, a boundary drawn): most of the time delivery spent on a message.
``NotificationEmail`` writes what every recipient of a text shares once per
process, in a ``KeptMessage`` (from the text's second message on), and each
message from it by putting in what is its recipient's own: their address and
name, their unsubscribe address, the date, the ``Message-ID`` and a boundary of
its own. The bytes are the ones Django and Python write for the same message
(``tests/notifications/test_email_building.py`` compares the two); a message
the template cannot write exactly is built in full.
"""

import functools
import re
import secrets
from email.policy import Compat32
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, forbid_multi_line_headers
from django.utils.html import escape


class _PlainHeaders(Compat32):
    """Python's default e-mail policy (``compat32``), writing plain headers directly.

    ``compat32`` hands every header to ``email.header.Header`` to be folded, even
    one with nothing to fold: that was nearly half the time of building and writing
    a notification's message. A header of printable ASCII comes out of ``Header``
    in a shape known beforehand when it fits on its lines, already folded (Django
    folds the subject), or is one word too long for a line (an unsubscribe
    address). Those are written here, exactly as ``Header`` writes them
    (``tests/notifications/test_email_building.py`` compares the two on thousands
    of values); any other header goes through ``Header`` as before.
    """

    def _fold(self, name, value, sanitize):
        if type(value) is not str:
            return super()._fold(name, value, sanitize)
        written = self._written(name, value)
        if written is None:
            # What Header writes depends only on these: a reminder's subject, the same
            # for thousands of recipients, is folded once.
            key = (name, value, sanitize, self.linesep, self.max_line_length)
            written = _FOLDED.get(key)
            if written is None:
                written = super()._fold(name, value, sanitize)
                if len(_FOLDED) >= _FOLDED_KEPT:
                    _FOLDED.clear()
                _FOLDED[key] = written
        return written

    def _written(self, name: str, value: str) -> str | None:
        limit, linesep = self.max_line_length, self.linesep
        lines = value.split("\n")
        if not limit or not all(_PLAIN_LINE.fullmatch(line) for line in lines):
            return None
        first = f"{name}: {lines[0]}"
        if len(lines) == 1:
            if len(first) <= limit:
                return first + linesep
            if value and " " not in value and "\t" not in value:
                return f"{name}: {linesep} {value}{linesep}"
            return None
        # Folded already: each line fits, each continuation starts with a space or
        # a tab and holds a word, and no line ends in whitespace (Header drops it).
        rest = lines[1:]
        if (
            len(first) <= limit
            and first[-1] not in " \t"
            and all(
                line.strip() and len(line) <= limit and line[0] in " \t" and line[-1] not in " \t"
                for line in rest
            )
        ):
            return linesep.join([first, *rest]) + linesep
        return None


_PLAIN_LINE = re.compile(r"[\t\x20-\x7e]*")
_FOLDED: dict[tuple, str] = {}
_FOLDED_KEPT = 1024
PLAIN_HEADERS = _PlainHeaders()


# "Content-Type: multipart/alternative; boundary="=_…"" in 78 characters.
BOUNDARY_BYTES = 14


class NotificationEmail(EmailMultiAlternatives):
    """A notification's message, with a MIME boundary of its own, its subject
    folded once for all who get it (``_subject``), written with ``PLAIN_HEADERS``;
    made by ``for_recipient``, written from the template its text shares with
    every other recipient's (``KeptMessage``).

    Without a boundary, Python's generator draws one and compiles a regular
    expression for each message to check that the text does not contain it, a
    large part of building a message. A random 112-bit boundary cannot be guessed
    by whoever wrote the text, and is short enough for the ``Content-Type`` header
    to fit on its line (a longer one is folded by ``Header``).
    """

    # Set by for_recipient: the texts with their stand-ins, this recipient's name
    # and unsubscribe address, and the body and HTML made from them.
    _kept: tuple | None = None

    @classmethod
    def for_recipient(
        cls, *, subject: str, text: str, html: str, name: str, unsubscribe: str, **fields
    ) -> "NotificationEmail":
        """The message of a text and HTML rendered once for everyone who gets them,
        with ``NAME`` and ``UNSUBSCRIBE`` standing in for this recipient's own."""
        message = cls(
            subject=subject,
            body=text.replace(NAME, name).replace(UNSUBSCRIBE, unsubscribe),
            **fields,
        )
        message.attach_alternative(
            html.replace(NAME, escape(name)).replace(UNSUBSCRIBE, escape(unsubscribe)),
            "text/html",
        )
        message._kept = (
            (subject, text, html),
            name,
            unsubscribe,
            message.body,
            message.alternatives[0][0],
        )
        return message

    def message(self, *args, **kwargs):
        written = self._from_template() if self._kept is not None else None
        return written if written is not None else self.message_in_full(*args, **kwargs)

    def message_in_full(self, *args, **kwargs):
        """The message as Django builds it, part by part."""
        subject, self.subject = self.subject, ""
        try:
            message = super().message(*args, **kwargs)
        finally:
            self.subject = subject
        encoding = self.encoding or settings.DEFAULT_CHARSET
        message.replace_header("Subject", _subject(str(subject), encoding))
        if message.is_multipart():
            message.set_boundary(f"=_{secrets.token_hex(BOUNDARY_BYTES)}")
        # The generator writes every part with the policy of the message it was given.
        message.policy = PLAIN_HEADERS
        return message

    def _from_template(self) -> "WrittenMessage | None":
        """This message written from its text's template, if nothing was changed
        since ``for_recipient`` that the template does not know of."""
        texts, name, unsubscribe, body, html = self._kept
        headers = [key.lower() for key in self.extra_headers]
        if (
            self.body is not body
            or self.subject is not texts[0]
            or len(self.alternatives) != 1
            or self.alternatives[0][0] is not html
            or self.alternatives[0][1] != "text/html"
            or len(self.to) != 1
            or self.cc
            or self.reply_to
            or self.attachments
            or (self.encoding or settings.DEFAULT_CHARSET) != "utf-8"
            or "message-id" not in headers
            or not _PLACED_BY_DJANGO.isdisjoint(headers)
        ):
            return None
        layout = tuple(
            (key, None if key.lower() in _OWN_HEADERS else str(value))
            for key, value in self.extra_headers.items()
        )
        key = (texts, self.from_email, layout)
        kept = _kept(*key) if _seen_before(key) else None
        return kept.write(self, name, unsubscribe) if kept is not None else None


@functools.lru_cache(maxsize=1024)
def _subject(subject: str, encoding: str) -> str:
    """The ``Subject`` header Django writes (it folds every subject with ``Header``,
    the costliest header of a message): once per process for a reminder's subject,
    the same for thousands of recipients. Raises ``BadHeaderError`` as Django does."""
    return forbid_multi_line_headers("Subject", subject, encoding)[1]


# --- Messages written from a kept template -------------------------------------------

# Stand for the recipient's name and their unsubscribe address while a text is
# rendered once for everyone who gets it (``emails``); each message then puts its own in.
NAME = f"recipient-name-{secrets.token_hex(8)}"
UNSUBSCRIBE = f"https://unsubscribe.invalid/{secrets.token_hex(8)}"

_SLOT = secrets.token_hex(8)
# The same length as a real boundary, so that the Content-Type header folds alike.
_BOUNDARY = f"=_{secrets.token_hex(BOUNDARY_BYTES)}"
_HTML_NAME = f"html-name-{_SLOT}"
_HTML_UNSUBSCRIBE = f"https://html-unsubscribe.invalid/{_SLOT}"
# Headers each message writes for itself; the rest of its head is the template's.
_OWN_HEADERS = ("to", "date", "message-id", "list-unsubscribe")
# Headers that, set by the caller, would change where Django writes them.
_PLACED_BY_DJANGO = frozenset({"from", "to", "cc", "reply-to", "date"})
# Every character str.splitlines() breaks a line at (Django measures lines with it).
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CTE = "Content-Transfer-Encoding"


class KeptMessage:
    """The message of one text, subject and sender, written once with slots for
    what each recipient's message has of its own.

    ``pieces`` alternates what every message shares (even positions) with slots
    (odd positions), which ``write`` fills: a whole header line for a header of
    the message's own, the encoding line of each part (``7bit`` or ``8bit``, as
    Python chooses it from what the part holds), the boundary, and the name and
    unsubscribe address in each part (escaped in the HTML part).
    """

    def __init__(self, pieces: list[bytes], headers: dict[bytes, str], parts: list[tuple]):
        self.pieces = pieces
        self.headers = headers  # slot -> the header's name, as written
        # (slot of the part's encoding line, whether its text is ASCII, its name and
        # unsubscribe slots, and each line holding them: its bytes without them and
        # how many of each it holds).
        self.parts = parts

    @classmethod
    def of(cls, source: "NotificationEmail") -> "KeptMessage | None":
        """The template of ``source``, a message whose texts hold ``NAME`` and
        ``UNSUBSCRIBE``; None if it cannot be written from one (a line long enough
        for Django to choose quoted-printable, a carriage return in its text)."""
        full = source.message_in_full()
        full.set_boundary(_BOUNDARY)
        slots: dict[bytes, bytes] = {}  # what to find in the written message -> its slot
        headers: dict[bytes, str] = {}
        for number, (name, _value) in enumerate(full.items()):
            if name.lower() in _OWN_HEADERS:
                stand_in = f"kept-header-{number}-{_SLOT}"
                full.replace_header(name, stand_in)
                slot = f"\x00header-{number}\x00".encode()
                slots[f"{name}: {stand_in}\n".encode()] = slot
                headers[slot] = name
        parts = []
        for number, (part, texts) in enumerate(
            zip(
                full.get_payload(),
                [(NAME, UNSUBSCRIBE), (_HTML_NAME, _HTML_UNSUBSCRIBE)],
                strict=True,
            )
        ):
            if part.get(_CTE) not in ("7bit", "8bit"):
                return None
            text = part.get_payload(decode=True).decode()
            stand_in = f"kept-cte-{number}-{_SLOT}"
            part.replace_header(_CTE, stand_in)
            slot = f"\x00cte-{number}\x00".encode()
            slots[f"{_CTE}: {stand_in}\n".encode()] = slot
            name, unsubscribe = texts
            lines = [
                (
                    len(line.replace(name, "").replace(unsubscribe, "").encode()),
                    line.count(name),
                    line.count(unsubscribe),
                )
                for line in text.splitlines()
                if name in line or unsubscribe in line
            ]
            parts.append((slot, text.isascii(), name.encode(), unsubscribe.encode(), lines))
        written = full.as_bytes(linesep="\n")
        if b"\r" in written:
            return None
        for stand_in in (_BOUNDARY, NAME, UNSUBSCRIBE, _HTML_NAME, _HTML_UNSUBSCRIBE):
            slots[stand_in.encode()] = stand_in.encode()
        finder = re.compile(b"|".join(re.escape(found) for found in slots))
        pieces: list[bytes] = []
        start = 0
        for found in finder.finditer(written):
            pieces += [written[start : found.start()], slots[found.group()]]
            start = found.end()
        pieces.append(written[start:])
        return cls(pieces, headers, parts)

    def write(self, message: "NotificationEmail", name: str, unsubscribe: str):
        """``message`` written from the template, or None if this recipient's name or
        address would make Django write it otherwise (a line break, a line over
        Django's limit, a character UTF-8 cannot write)."""
        if _LINE_BREAK.search(name) or _LINE_BREAK.search(unsubscribe):
            return None
        try:
            values = {
                NAME.encode(): name.encode(),
                UNSUBSCRIBE.encode(): unsubscribe.encode(),
                _HTML_NAME.encode(): escape(name).encode(),
                _HTML_UNSUBSCRIBE.encode(): escape(unsubscribe).encode(),
            }
        except UnicodeEncodeError:  # a lone surrogate
            return None
        ascii_values = name.isascii() and unsubscribe.isascii()
        for slot, ascii_text, name_slot, unsubscribe_slot, lines in self.parts:
            name_length, unsubscribe_length = len(values[name_slot]), len(values[unsubscribe_slot])
            for fixed, names, unsubscribes in lines:
                length = fixed + names * name_length + unsubscribes * unsubscribe_length
                if length > RFC5322_EMAIL_LINE_LENGTH_LIMIT:
                    return None
            encoding = "7bit" if ascii_text and ascii_values else "8bit"
            values[slot] = f"{_CTE}: {encoding}\n".encode()
        date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        own = {
            "to": ", ".join(str(address) for address in message.to),
            "date": date,
            **{key.lower(): value for key, value in message.extra_headers.items()},
        }
        for slot, header in self.headers.items():
            header, value = forbid_multi_line_headers(header, own[header.lower()], "utf-8")
            values[slot] = PLAIN_HEADERS.fold_binary(header, value)
        boundary = f"=_{secrets.token_hex(BOUNDARY_BYTES)}"
        values[_BOUNDARY.encode()] = boundary.encode()
        pieces = self.pieces.copy()
        for position in range(1, len(pieces), 2):
            pieces[position] = values[pieces[position]]
        return WrittenMessage(b"".join(pieces), message, date=date, boundary=boundary)


# Texts whose message was written, by hash. Making a template costs about half again
# as much as building the message in full, so a text gets one from its second message
# on: a text sent once (a member's daily digest) costs what it did before templates.
_SEEN: set[int] = set()
_SEEN_KEPT = 4096


def _seen_before(key: tuple) -> bool:
    marker = hash(key)
    if marker in _SEEN:
        return True
    if len(_SEEN) >= _SEEN_KEPT:
        _SEEN.clear()
    _SEEN.add(marker)
    return False


@functools.lru_cache(maxsize=256)
def _kept(texts: tuple[str, str, str], from_email: str, headers: tuple) -> KeptMessage | None:
    """The template for this subject, text and HTML (with their stand-ins), sender
    and header layout: one per process for a reminder's thousands of messages."""
    subject, text, html = texts
    source = NotificationEmail(
        subject=subject,
        body=text,
        from_email=from_email,
        to=["kept@example.invalid"],
        headers={name: "kept" if value is None else value for name, value in headers},
    )
    source.attach_alternative(
        html.replace(NAME, _HTML_NAME).replace(UNSUBSCRIBE, _HTML_UNSUBSCRIBE), "text/html"
    )
    return KeptMessage.of(source)


class WrittenMessage:
    """A message written from its template: what a mail backend sends
    (``as_bytes``). Anything else asked of it is answered by the same message
    built in full, with this one's date and boundary."""

    def __init__(self, data: bytes, email: "NotificationEmail", *, date: str, boundary: str):
        self._data = data  # lines end in "\n"
        self._email = email
        self._date = date
        self._boundary = boundary

    def as_bytes(self, unixfrom=False, linesep="\n"):
        if unixfrom:
            return self.full.as_bytes(unixfrom, linesep)
        return self._data if linesep == "\n" else self._data.replace(b"\n", linesep.encode())

    def get_charset(self):
        return None  # a multipart message's, as a backend asks it

    @functools.cached_property
    def full(self):
        message = self._email.message_in_full()
        message.replace_header("Date", self._date)
        message.set_boundary(self._boundary)
        return message

    def __getattr__(self, name):
        if name.startswith("_"):  # not set yet (a copy being made): not the message's
            raise AttributeError(name)
        return getattr(self.full, name)

    def __getitem__(self, name):
        return self.full[name]

    def __contains__(self, name):
        return name in self.full

    def __str__(self):
        return str(self.full)

    def __bytes__(self):
        return self.as_bytes()
