"""Memo: every rule and refusal of write, correct and remove, and "gelezen" per user (issue 14)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from memos.events import MemoEventType
from memos.models import Memo, MemoRead
from memos.selectors import unread_memo_count
from memos.services import memo_add, memo_edit, memo_remove, memos_mark_read
from tests.backoffice.factories import StaffFactory, UserFactory
from tests.memos.factories import make_memo
from tests.orders.factories import make_order
from tests.support import event_types

pytestmark = pytest.mark.django_db


def test_a_memo_to_a_colleague_is_unread_for_her_with_one_history_event(staff, admin_user):
    order = make_order()

    memo = memo_add(order=order, actor=admin_user, addressee=staff, text="  Klant belt om 3 uur.  ")

    assert memo.text == "Klant belt om 3 uur."
    assert unread_memo_count(staff) == (1, 1) and unread_memo_count(admin_user) == (0, 0)
    event = OrderEvent.objects.filter(order=order).last()
    assert event.type == MemoEventType.MEMO_ADDED
    assert event.data["text"] == "Klant belt om 3 uur." and event.data["addressee"] == "Mila de Vries"


def test_a_memo_to_yourself_is_read_as_you_write_it(staff):
    make_memo(actor=staff, addressee=staff)
    assert unread_memo_count(staff) == (0, 0)


def test_a_memo_is_short_and_not_empty(staff):
    with pytest.raises(ActionRefused, match="hoogstens 500"):
        memo_add(order=make_order(), actor=staff, addressee=staff, text="x" * 501)
    with pytest.raises(ActionRefused, match="Schrijf eerst"):
        memo_add(order=make_order(), actor=staff, addressee=staff, text=" \n ")
    assert not Memo.objects.exists()


def test_the_addressee_must_be_active_staff(staff, customer_user):
    gone = StaffFactory(is_active=False)
    for addressee, refusal in ((gone, "gedeactiveerd"), (customer_user, "collega"), (UserFactory(), "collega")):
        with pytest.raises(ActionRefused, match=refusal):
            memo_add(order=make_order(), actor=staff, addressee=addressee, text="Hallo")
    assert not Memo.objects.exists()


def test_the_author_corrects_a_memo_within_a_few_minutes_and_the_history_keeps_both(staff, admin_user):
    memo = make_memo(actor=staff, addressee=admin_user, text="Bel om 3 uur")

    memo_edit(memo=memo, actor=staff, text="Bel om 4 uur")

    memo.refresh_from_db()
    assert memo.text == "Bel om 4 uur" and memo.edited_at is not None
    event = OrderEvent.objects.filter(order=memo.order).last()
    assert event.type == MemoEventType.MEMO_EDITED
    assert (event.data["old"], event.data["new"]) == ("Bel om 3 uur", "Bel om 4 uur")


def test_only_the_author_corrects_a_memo(staff, admin_user):
    memo = make_memo(actor=staff, addressee=admin_user, text="Bel om 3 uur")
    before = event_types(memo.order)

    with pytest.raises(ActionRefused, match="Alleen wie de memo schreef"):
        memo_edit(memo=memo, actor=admin_user, text="Anders")  # not even a Beheerder

    assert Memo.objects.get().text == "Bel om 3 uur" and event_types(memo.order) == before


def test_after_a_few_minutes_a_memo_is_no_longer_corrected(staff):
    memo = make_memo(actor=staff, addressee=staff, text="Bel om 3 uur")
    Memo.objects.filter(pk=memo.pk).update(created_at=timezone.now() - timedelta(minutes=6))

    with pytest.raises(ActionRefused, match="5 minuten"):
        memo_edit(memo=memo, actor=staff, text="Bel om 4 uur")
    assert Memo.objects.get().text == "Bel om 3 uur"


def test_a_removed_memo_leaves_what_it_said_in_the_history(staff, admin_user):
    memo = make_memo(actor=staff, addressee=admin_user, text="Geheim van de smid")
    order = memo.order

    memo_remove(memo=memo, actor=staff)

    assert not Memo.objects.exists()
    event = OrderEvent.objects.filter(order=order).last()
    assert event.type == MemoEventType.MEMO_REMOVED and event.data["text"] == "Geheim van de smid"
    assert event.actor == staff


def test_a_medewerker_does_not_remove_a_colleagues_memo_a_beheerder_does(staff, admin_user):
    memo = make_memo(actor=admin_user, addressee=staff)
    other = make_memo(actor=StaffFactory(), addressee=staff)

    with pytest.raises(ActionRefused, match="Alleen wie de memo schreef"):
        memo_remove(memo=memo, actor=staff)
    memo_remove(memo=other, actor=admin_user)

    assert list(Memo.objects.all()) == [memo]


def test_gelezen_is_recorded_per_user_once(staff, admin_user):
    memo = make_memo(actor=admin_user, addressee=staff)

    memos_mark_read(memo_ids=[memo.pk], user=staff)
    memos_mark_read(memo_ids=[memo.pk], user=staff)

    assert MemoRead.objects.filter(memo=memo, user=staff).count() == 1
    assert unread_memo_count(staff) == (0, 0)
