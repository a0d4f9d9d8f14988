"""What the shop's PDF documents (invoices, packing slips) may load: our static files and the shop's logo.

WeasyPrint fetches what a document's HTML refers to (stylesheet, logo). Document data is typed by customers
and staff, so a URL in it must never read a local file or reach the network: `DocumentFetcher` serves only
`BASE_URL/static/<path>` from the static files finders and `logo_url()`, the shop's current logo from the
default storage. Everything else is refused with ValueError (WeasyPrint then leaves the resource out).

Also here, shared by every document and e-mail: `format_date` (a date as the customer's language writes it) and the
lookups in a document's word list (`words_for`, `missing_words`: a few words per document language, kept in
Python because customers read documents in languages the backoffice's catalogs do not have).

A document template shows the logo with `{% if logo_url %}<img src="{{ logo_url }}" alt="">{% endif %}`
and is rendered with `HTML(string=..., base_url=BASE_URL, url_fetcher=DocumentFetcher())`.
"""

import base64
import mimetypes
from urllib.parse import quote, unquote, urlsplit

from babel import dates as babel_dates
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils.translation import to_locale
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .languages import CODES
from .models import ShopSettings

# The base URL of a rendered document; only this origin's /static/ paths and the logo are fetched.
BASE_URL = "https://invoice.backoffice.invalid/"
LOGO_DIRECTORY = "shop/"  # ShopSettings.logo's upload_to


def format_date(date, language: str) -> str:
    """A date as the document's language writes it in full (Babel's "long" format, CLDR): 27 november 2026,
    November 27, 2026, 27. November 2026, 27 novembre 2026."""
    return babel_dates.format_date(date, "long", locale=to_locale(language or "nl"))


def words_for(texts: dict[str, dict[str, str]], language: str) -> dict[str, str]:
    """A document's words in `language`, Dutch when the document has none in it."""
    return texts.get(language) or texts["nl"]


def missing_words(texts: dict[str, dict[str, str]]) -> list[str]:
    """`language: key` for every word that one language of `texts` has and another lacks, and `language: missing`
    or `language: unknown` when `texts` lacks a document language (backoffice/languages.py) or has another."""
    keys = set().union(*(set(words) for words in texts.values()))
    missing = [f"{language}: {key}" for language, words in texts.items() for key in keys - set(words)]
    missing += [f"{language}: missing" for language in set(CODES) - set(texts)]
    missing += [f"{language}: unknown" for language in set(texts) - set(CODES)]
    return sorted(missing)


def _current_logo_name() -> str:
    """The storage name of the shop's logo ("shop/logo.png"), or "" (no logo, or no settings row yet)."""
    return ShopSettings.objects.filter(pk=1).values_list("logo", flat=True).first() or ""


def logo_url() -> str:
    """The URL of the shop's current logo for a document template, or "" when the shop has none."""
    name = _current_logo_name()
    return f"{BASE_URL}media/{quote(name)}" if name else ""


def logo_data_url() -> str:
    """The shop's current logo as a data: URL (the settings page's preview: media files are not served), or ""."""
    name = _current_logo_name()
    if not name or not default_storage.exists(name):
        return ""
    with default_storage.open(name, "rb") as file:
        body = file.read()
    return f"data:{_mime_type(name)};base64,{base64.b64encode(body).decode('ascii')}"


def _mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _relative(url: str, prefix: str) -> str:
    """The unquoted path below `prefix`; refused when absolute or going upwards."""
    relative = unquote(urlsplit(url).path.removeprefix(prefix))
    if not relative or relative.startswith("/") or ".." in relative.split("/"):
        raise ValueError(f"Refused path {url!r}.")
    return relative


class DocumentFetcher(URLFetcher):
    """Serves `BASE_URL/static/<path>` from the static files finders and `BASE_URL/media/<name>` when `<name>`
    is exactly the shop's current logo; refuses every other URL."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise ValueError(f"Documents may only use the backoffice's own files, not {url!r}.")
        if parts.path.startswith("/static/"):
            return self._static(url, _relative(url, "/static/"))
        if parts.path.startswith("/media/"):
            return self._logo(url, _relative(url, "/media/"))
        raise ValueError(f"Documents may only use the backoffice's static files and the shop's logo, not {url!r}.")

    def _static(self, url: str, relative: str) -> URLFetcherResponse:
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No static file {relative!r}.")
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": _mime_type(path)})

    def _logo(self, url: str, name: str) -> URLFetcherResponse:
        if not name.startswith(LOGO_DIRECTORY) or name != _current_logo_name():
            raise ValueError(f"Of the stored files documents may only use the shop's current logo, not {url!r}.")
        with default_storage.open(name, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": _mime_type(name)})
