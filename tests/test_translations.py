"""The UI is Dutch first and complete in English; the catalogs must keep up with the code."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
needs_gettext = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext tools are not installed")


@needs_gettext
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_text_is_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(["msgattrib", "--untranslated", str(po)], capture_output=True, text=True, check=True)
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    assert "msgid" not in untranslated.stdout, f"untranslated in {po}:\n{untranslated.stdout[:2000]}"
    assert "msgid" not in fuzzy.stdout, f"fuzzy in {po}:\n{fuzzy.stdout[:2000]}"


def test_dutch_texts_stay_dutch_even_when_they_look_english():
    with translation.override("nl"):
        assert translation.gettext("Order") == "Order"
    with translation.override("en"):
        assert translation.gettext("Geschiedenis") == "History"


def test_the_dutch_catalog_translates_every_text_to_itself():
    import gettext

    with open(LOCALE / "nl" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    # Plural entries are keyed (singular, index); the singular form must come back as itself.
    wrong = {
        key: value
        for key, value in catalog.items()
        if key and (value != key if isinstance(key, str) else key[1] == 0 and value != key[0])
    }
    assert wrong == {}
