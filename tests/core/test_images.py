"""Uploaded images are checked and re-encoded."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community_portal.core.images import RasterImageField, reencode_image


def image_bytes(image_format="PNG", size=(64, 48), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color=(200, 30, 30) if mode == "RGB" else None).save(
        buffer, format=image_format, **save
    )
    return buffer.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")]
)
def test_png_jpeg_and_webp_are_accepted_and_renamed(image_format, extension):
    result = reencode_image(upload(image_bytes(image_format), name="../../etc/passwd"))

    assert result.name.endswith(f".{extension}")
    assert "passwd" not in result.name
    assert Image.open(io.BytesIO(result.read())).format == image_format


def test_metadata_is_dropped_on_reencoding():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    content = image_bytes("JPEG", exif=exif.tobytes())
    assert b"SecretCam" in content

    result = reencode_image(upload(content, name="photo.jpg", content_type="image/jpeg"))

    assert b"SecretCam" not in result.read()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b"<html><body><script>alert(1)</script></body></html>", "logo.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "logo.png"),
        (image_bytes("GIF"), "logo.gif"),
        (image_bytes("PNG")[:60], "truncated.png"),
    ],
    ids=["svg", "html", "renamed-executable", "gif", "truncated"],
)
def test_anything_but_a_readable_raster_image_is_refused(content, name):
    with pytest.raises(ValidationError) as refused:
        reencode_image(upload(content, name=name))

    assert refused.value.messages[0] in {
        "Upload a PNG, JPEG or WebP image.",
        "This file is not a PNG, JPEG or WebP image that can be read.",
    }


def test_image_over_the_size_limit_is_refused_with_the_limit_named():
    content = image_bytes("PNG")

    with pytest.raises(ValidationError) as refused:
        reencode_image(upload(content), max_bytes=len(content) - 1)

    assert "the limit is" in refused.value.messages[0]


def test_huge_dimensions_are_scaled_down():
    result = reencode_image(upload(image_bytes("PNG", size=(3000, 1500))), max_side=1000)

    assert Image.open(io.BytesIO(result.read())).size == (1000, 500)


class LogoForm(forms.Form):
    logo = RasterImageField()


def test_form_field_shows_the_error_beside_the_field():
    form = LogoForm(files={"logo": upload(b"<svg/>", name="logo.svg")})

    assert not form.is_valid()
    assert form.errors["logo"] == ["This file is not a PNG, JPEG or WebP image that can be read."]


def test_form_field_cleans_to_the_reencoded_file():
    form = LogoForm(files={"logo": upload(image_bytes("PNG"), name="My Logo.png")})

    assert form.is_valid()
    assert form.cleaned_data["logo"].name.endswith(".png")
    assert form.cleaned_data["logo"].name != "My Logo.png"
