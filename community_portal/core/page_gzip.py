"""Cached pages, gzip-compressed once when they are stored.

A cached page holds a placeholder where each visitor's CSRF token goes
(``page_cache``), so its compressed form cannot be one fixed string. It is kept
as the deflate of the text between the placeholders, each piece ending at a full
flush: no piece refers back to the text before it, so a stored (uncompressed)
deflate block holding the visitor's token can go between two pieces. On the way
out only that block and the gzip trailer (its CRC over the text after the first
token) are computed; the page is never compressed again per request. The pieces
are stored apart from the page, so a compressed hit does not read the page too.

The token is never compressed, so it cannot leak through the compressed length
beside text a visitor chose (BREACH); a cached page holds nothing else that is
anyone's secret.
"""

import struct
import zlib

# Text below this size gains nothing worth a header.
MIN_SIZE = 200
LEVEL = 6
# The gzip magic number, deflate, no flags, no time, no extra flags, unknown system
# (RFC 1952).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def compressible(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("/json", "+json", "/xml", "+xml"))


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (not when it says ``q=0``)."""
    for item in accept_encoding.split(","):
        coding, _, parameters = item.partition(";")
        if coding.strip().lower() != "gzip":
            continue
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    return float(value) > 0
                except ValueError:
                    return False
        return True
    return False


def prepare(body: bytes, placeholder: bytes) -> dict | None:
    """The compressed pieces of ``body`` between its placeholders (None: too small),
    with the text after the first placeholder, for the CRC: all a compressed copy
    needs, without the page itself."""
    if len(body) < MIN_SIZE:
        return None
    texts = body.split(placeholder)
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    pieces = [compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH) for text in texts]
    return {
        "pieces": pieces,
        "end": compressor.flush(zlib.Z_FINISH),
        "first_crc": zlib.crc32(texts[0]),
        "first_length": len(texts[0]),
        # A page's token is in its footer: what follows it is short.
        "after": texts[1:],
    }


def compressed(prepared: dict, token: bytes = b"") -> bytes:
    """The gzip of the page with ``token`` in place of each placeholder."""
    pieces, after = prepared["pieces"], prepared["after"]
    stored = b"\x00" + struct.pack("<HH", len(token), len(token) ^ 0xFFFF) + token
    parts = [_GZIP_HEADER, pieces[0]]
    crc = prepared["first_crc"]
    for piece, text in zip(pieces[1:], after, strict=True):
        parts += (stored, piece)
        crc = zlib.crc32(text, zlib.crc32(token, crc))
    size = prepared["first_length"] + sum(len(token) + len(text) for text in after)
    parts += (prepared["end"], struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(parts)
