"""shop_settings_update: the logo is a file; the file it replaces goes once the change is committed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from backoffice.models import ShopSettings
from backoffice.services import shop_settings_update

pytestmark = pytest.mark.django_db


def logo(name: str) -> ContentFile:
    return ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name=name)


def test_false_clears_the_logo_and_its_file_goes_after_the_commit(django_capture_on_commit_callbacks):
    stored = shop_settings_update(changes={"logo": logo("logo.svg")}, actor=None).logo.name

    with django_capture_on_commit_callbacks() as callbacks:
        shop_settings_update(changes={"logo": False}, actor=None)
        assert default_storage.exists(stored)  # not yet: the transaction could still roll back
    for callback in callbacks:
        callback()

    assert ShopSettings.objects.values_list("logo", flat=True).get() == ""
    assert not default_storage.exists(stored)


def test_a_rolled_back_change_keeps_the_old_logo_and_its_file(django_capture_on_commit_callbacks):
    old = shop_settings_update(changes={"logo": logo("oud.svg")}, actor=None).logo.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            shop_settings_update(changes={"logo": logo("nieuw.svg")}, actor=None)
            raise RuntimeError("the request failed after the save")

    assert callbacks == []
    assert ShopSettings.load().logo.name == old and default_storage.exists(old)


def test_other_changes_leave_the_logo_alone(django_capture_on_commit_callbacks):
    stored = shop_settings_update(changes={"logo": logo("logo.svg")}, actor=None).logo.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        shop = shop_settings_update(changes={"name": "Koffie & Co"}, actor=None)

    assert callbacks == []
    assert (shop.name, shop.logo.name) == ("Koffie & Co", stored) and default_storage.exists(stored)
