"""backoffice/languages.py: the one list of the languages customers read, and the one check of a language asked for."""

import pytest
from django.utils import translation

from backoffice import languages
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from notifications.defaults import check_defaults
from tests.support import shop_settings

pytestmark = pytest.mark.django_db


def test_the_document_languages_are_named_in_the_backoffices_language():
    assert languages.CODES == ("nl", "en", "de", "fr")
    with translation.override("nl"):
        assert languages.language_name("de") == "Deutsch"
    with translation.override("en"):
        assert languages.named(["fr", "nl"]) == [("fr", "French"), ("nl", "Dutch")]
    assert languages.language_name("xx") == "xx"


def test_a_language_asked_for_must_be_one_the_shop_offers():
    shop_settings(languages=["nl", "de"])

    assert languages.enabled_language("de") == "de"
    for asked in ("fr", "xx", "", None):  # a document language the shop lacks, unknown, empty, missing
        with pytest.raises(ActionRefused, match="De webwinkel heeft die taal niet ingesteld."):
            languages.enabled_language(asked)


def test_a_shop_with_an_unknown_code_in_its_settings_still_gets_only_document_languages():
    shop = ShopSettings.load()
    shop.languages = ["nl", "xx"]

    with pytest.raises(ActionRefused):
        languages.enabled_language("xx", shop)


def test_every_word_list_covers_every_document_language(monkeypatch):
    from invoicing import document_texts

    assert check_defaults() == [] and document_texts.missing_texts() == []
    monkeypatch.setattr(languages, "CODES", (*languages.CODES, "es"))
    monkeypatch.setattr("backoffice.documents.CODES", languages.CODES)
    monkeypatch.setattr("notifications.defaults.CODES", languages.CODES)

    assert "es: missing" in document_texts.missing_texts()
    assert any(problem.endswith("missing language es") for problem in check_defaults())
