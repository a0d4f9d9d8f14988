"""What every app's tests share: import from here, don't write it again (tests/README.md says how to use it)."""

from tests.support.history import event_types
from tests.support.http import HTMX
from tests.support.pdf import assert_says, normalised, pdf_pages, pdf_text
from tests.support.shop import SHOP, shop_settings

__all__ = ["HTMX", "SHOP", "assert_says", "event_types", "normalised", "pdf_pages", "pdf_text", "shop_settings"]
