"""Every write of Memo: write, correct, remove (the history keeps the text), and "gelezen"."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from history import services as history
from orders.models import Order

from . import rules
from .events import MemoEventType
from .models import Memo, MemoRead


def _name(user) -> str:
    return user.get_full_name() or user.email


def _refuse(problem: str | None) -> None:
    if problem:
        raise ActionRefused(problem)


@transaction.atomic
def memo_add(*, order: Order, actor, addressee, text: str, submit_key=None) -> Memo:
    """Memo toevoegen: plain text (at most TEXT_MAX_LENGTH), to yourself or an active colleague."""
    text = text.strip()
    _refuse(rules.text_refusal(text) or rules.addressee_refusal(addressee))
    order = Order.objects.lock(order)
    if earlier := history.earlier_submit(order, MemoEventType.MEMO_ADDED, submit_key):
        return Memo.objects.get(pk=earlier.data["memo_id"])
    memo = Memo.objects.create(order=order, author=actor, addressee=addressee, text=text)
    if addressee.pk == actor.pk:  # a note to yourself is read as you write it
        MemoRead.objects.create(memo=memo, user=actor)
    history.record(
        order, MemoEventType.MEMO_ADDED, actor=actor, memo_id=memo.pk, addressee=_name(addressee), text=text,
        submit_key=submit_key,
    )  # fmt: skip
    return memo


def _locked(memo: Memo) -> tuple[Order, Memo]:
    order = Order.objects.lock(memo.order)
    try:
        return order, Memo.objects.select_related("addressee", "author").select_for_update(of=("self",)).get(pk=memo.pk)
    except Memo.DoesNotExist:
        raise ActionRefused(_("Deze memo is intussen verwijderd.")) from None


@transaction.atomic
def memo_edit(*, memo: Memo, actor, text: str) -> Memo:
    """Correct a memo: its author, within a few minutes (rules.EDIT_WINDOW). The history keeps old and new."""
    text = text.strip()
    order, memo = _locked(memo)
    _refuse(rules.edit_refusal(memo, actor) or rules.text_refusal(text))
    if text == memo.text:
        raise ActionRefused(_("Er is niets gewijzigd."))
    old, memo.text, memo.edited_at = memo.text, text, timezone.now()
    memo.save(update_fields=["text", "edited_at"])
    history.record(
        order, MemoEventType.MEMO_EDITED, actor=actor, memo_id=memo.pk, addressee=_name(memo.addressee), old=old,
        new=text,
    )  # fmt: skip
    return memo


@transaction.atomic
def memo_remove(*, memo: Memo, actor) -> None:
    """Remove a memo (its author or a Beheerder). Never silently: the history says what it said."""
    order, memo = _locked(memo)
    _refuse(rules.remove_refusal(memo, actor))
    history.record(
        order, MemoEventType.MEMO_REMOVED, actor=actor, memo_id=memo.pk, addressee=_name(memo.addressee),
        text=memo.text, author=_name(memo.author),
    )  # fmt: skip
    memo.delete()


def memos_mark_read(*, memo_ids: list[int], user) -> int:
    """Gelezen: the user opened the order and saw these memos addressed to her. One insert; a memo read twice at
    once (two tabs) is recorded once. Not an action on the order: no lock, no history."""
    if not memo_ids:
        return 0
    reads = [MemoRead(memo_id=memo_id, user=user) for memo_id in memo_ids]
    return len(MemoRead.objects.bulk_create(reads, ignore_conflicts=True))
