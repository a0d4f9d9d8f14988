"""What every app's tests share: import from here, don't write it again. tests/README.md says what is here
and how a new app's tests use it (fixtures, factories, the HTMX header, parsing, races, query counts)."""

from tests.support.history import event_types
from tests.support.http import HTMX
from tests.support.markup import element, elements, parse, top
from tests.support.pdf import assert_says, normalised, pdf_pages, pdf_text
from tests.support.shop import SHOP, shop_settings

__all__ = [
    "HTMX", "SHOP", "assert_says", "element", "elements", "event_types", "normalised", "parse", "pdf_pages", "pdf_text",
    "shop_settings", "top",
]  # fmt: skip
