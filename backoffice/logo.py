"""The checks of the shop's logo (ALGEMEEN > Instellingen > Winkelgegevens): what a file must be to be printed on
documents and shown in the backoffice. `logo_validate` raises a form's ValidationError with the reason."""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000  # per side: a small file may still unpack into an enormous image
LOGO_RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


def logo_validate(file) -> None:
    """The shop's logo: PNG, JPEG or SVG by content (not only by name), at most 1 MB, nothing active in an SVG.

    The logo is printed on documents and shown in the backoffice, so an SVG may not run a script, load
    anything from elsewhere or declare entities (they could blow up or read files when the XML is parsed).
    """
    if file.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("Het logo mag hoogstens 1 MB zijn; dit bestand is %(size)s."),
            code="too_large",
            params={"size": filesizeformat(file.size)},
        )
    extension = Path(file.name).suffix.lower()
    if extension == ".svg":
        _svg_validate(file)
    elif extension in LOGO_RASTER_FORMATS:
        _raster_validate(file, LOGO_RASTER_FORMATS[extension])
    else:
        raise forms.ValidationError(_("Kies een PNG-, JPEG- of SVG-bestand."), code="file_type")
    file.seek(0)


def _raster_validate(file, expected: str) -> None:
    not_an_image = forms.ValidationError(
        _("Dit bestand is geen %(format)s-afbeelding, al heeft het die extensie. Kies een PNG-, JPEG- of SVG-bestand."),
        code="not_an_image",
        params={"format": expected},
    )
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()  # reads the whole file: a truncated or damaged image fails here
    except Exception as error:  # Pillow raises many kinds (UnidentifiedImageError, OSError, SyntaxError, ...)
        raise not_an_image from error
    if image_format != expected:
        raise not_an_image
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise forms.ValidationError(
            _("Het logo is %(width)s × %(height)s pixels; hoogstens %(max)s × %(max)s past op een document."),
            code="too_many_pixels",
            params={"width": width, "height": height, "max": LOGO_MAX_PIXELS},
        )


def _svg_validate(file) -> None:
    file.seek(0)
    try:
        text = file.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(
            _("Dit SVG-bestand is geen UTF-8-tekst; sla het opnieuw op als gewone SVG."), code="svg_encoding"
        ) from error
    lowered = text.lower()
    # Before parsing: the parser would act on a DOCTYPE/ENTITY, and it drops processing instructions that a
    # browser would follow (<?xml-stylesheet href="https://...">).
    if "<!doctype" in lowered or "<!entity" in lowered or re.search(r"<\?(?!xml\s)", lowered):
        raise forms.ValidationError(
            _("Dit SVG-bestand bevat een DOCTYPE, ENTITY of verwerkingsinstructie; die zijn niet toegestaan."),
            code="svg_doctype",
        )
    if "<script" in lowered:
        raise _svg_active_content()
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise forms.ValidationError(_("Dit is geen geldig SVG-bestand."), code="svg_invalid") from error
    if root.tag not in ("svg", f"{{{SVG_NAMESPACE}}}svg"):
        raise forms.ValidationError(_("Dit is geen SVG-afbeelding: het bestand begint niet met <svg>."), code="not_svg")
    for element in root.iter():
        if _svg_element_is_active(element):
            raise _svg_active_content()
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on"):  # onload="...": a script as well
                raise _svg_active_content()
            if local == "href" and not _svg_link_is_internal(value):
                raise _svg_external_link()
            if local == "style" and _css_loads_external(value):
                raise _svg_external_link()
        if element.tag.rpartition("}")[2] == "style" and _css_loads_external(element.text or ""):
            raise _svg_external_link()


def _svg_element_is_active(element) -> bool:
    namespace, _brace, local = element.tag.rpartition("}")
    return local.lower() in ("script", "foreignobject") or namespace == f"{{{XHTML_NAMESPACE}"


def _svg_link_is_internal(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith("#") or value.startswith("data:image/")


def _css_loads_external(css: str) -> bool:
    if "@import" in css.lower():
        return True
    return any(not _svg_link_is_internal(url) for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css, re.IGNORECASE))


def _svg_active_content() -> forms.ValidationError:
    return forms.ValidationError(
        _("Dit SVG-bestand bevat een script (zoals <script> of onload); een logo mag geen scripts bevatten."),
        code="svg_script",
    )


def _svg_external_link() -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Dit SVG-bestand verwijst naar een ander bestand of een website; een logo moet alles zelf bevatten "
            "(alleen verwijzingen binnen het bestand, #…, of ingebedde afbeeldingen, data:image/…)."
        ),
        code="svg_external",
    )
