"""The languages customers read — invoices, credit invoices, packing slips, e-mails — in one place.

The backoffice's own screens speak `settings.LANGUAGES` (nl, en: the gettext catalogs). What customers read
speaks one of `DOCUMENT_LANGUAGES`; their words live in Python word lists (invoicing/document_texts.py, the
packing slip's, notifications/defaults.py) that tests check for every code here. A shop offers some of them
(Winkelgegevens, `ShopSettings.languages`); a language asked for in a URL or a `?language=` parameter must be one
of those: `enabled_language(code)`.

Adding a language: add it here; the word lists' tests then name every text it still lacks.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import ActionRefused
from .models import ShopSettings

# Model and form choices; each name is translated into the backoffice's language where it is shown.
DOCUMENT_LANGUAGES = [
    ("nl", gettext_lazy("Nederlands")),
    ("en", gettext_lazy("English")),
    ("de", gettext_lazy("Deutsch")),
    ("fr", gettext_lazy("Français")),
]
CODES = tuple(code for code, _name in DOCUMENT_LANGUAGES)
_NAMES = dict(DOCUMENT_LANGUAGES)


def language_name(code: str) -> str:
    """The language's name for the backoffice's active language ("Deutsch"; in English "German"); an unknown
    code as it is."""
    return str(_NAMES.get(code, code))


def named(codes) -> list[tuple[str, str]]:
    """(code, name) for each of `codes`, in their order: a choice of the shop's languages."""
    return [(code, language_name(code)) for code in codes]


def enabled_language(code: str | None, shop=None) -> str:
    """`code` when it is a document language the shop offers; else ActionRefused with a message for the user.

    The one check of a language that comes from a request (a URL part, `?language=`); `shop` saves a query when
    the caller has the settings already.
    """
    if code not in CODES or code not in (shop or ShopSettings.load()).enabled_languages:
        raise ActionRefused(_("De webwinkel heeft die taal niet ingesteld."))
    return code
