"""Uploaded images: checked, then re-encoded so nothing but pixels is stored.

The browser's file name and content type are not trusted. The bytes must
decode as PNG, JPEG or WebP; anything else (SVG, HTML, a renamed executable, a
GIF) is refused with a message. The image is then decoded completely and
written anew, which drops metadata (EXIF, GPS), applies the EXIF rotation and
gives it a random name.
"""

import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Far above any logo or banner, far below what would exhaust memory.
MAX_PIXELS = 40_000_000


def reencode_image(
    upload, *, max_bytes: int = DEFAULT_MAX_BYTES, max_side: int = 2400
) -> ContentFile:
    """Return the upload re-encoded, or raise ValidationError saying what is wrong."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image_format = image.format
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError(
            _("This file is not a PNG, JPEG or WebP image that can be read."), code="invalid"
        ) from error

    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    if image_format == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    output = io.BytesIO()
    save_options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}
    image.save(output, format=image_format, **save_options.get(image_format, {}))
    return ContentFile(
        output.getvalue(), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"
    )


class RasterImageField(forms.FileField):
    """A form field for logos, banners and avatars: cleans to a re-encoded image."""

    default_error_messages = {
        "invalid_image": _("Upload a PNG, JPEG or WebP image."),
    }

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, max_side: int = 2400, **kwargs):
        self.max_bytes = max_bytes
        self.max_side = max_side
        kwargs.setdefault(
            "help_text",
            format_lazy(_("PNG, JPEG or WebP, at most {limit}."), limit=filesizeformat(max_bytes)),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg,image/webp")

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        # Unchanged (the stored file) or cleared: nothing to check.
        if cleaned in (None, False) or cleaned is initial:
            return cleaned
        return reencode_image(cleaned, max_bytes=self.max_bytes, max_side=self.max_side)
