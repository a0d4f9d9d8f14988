"""Every read of Memo: the order's block, my unread memos and the top bar's counter."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from backoffice import blocks

from . import rules
from .models import Memo, MemoRead


@dataclass(frozen=True)
class MemoRow:
    memo: Memo
    unread: bool  # addressed to the viewer and not read before this view
    can_edit: bool
    can_remove: bool


def _read_by(user):
    return Exists(MemoRead.objects.filter(memo=OuterRef("pk"), user=user))


def memos_block(order, user) -> dict:
    """The order's memos, newest first, with author and addressee; those to `user` she had not read yet are marked
    unread. One query, whatever the number of memos; none when the dashboard read that there are none."""
    if blocks.nothing_for(order, "memos"):
        return {"memo_rows": []}
    memos = (
        Memo.objects.filter(order=order)
        .select_related("author", "addressee")
        .annotate(read=_read_by(user))
        .order_by("-created_at", "-id")
    )
    now = timezone.now()
    rows = [
        MemoRow(
            memo=memo,
            unread=memo.addressee_id == user.pk and not memo.read,
            can_edit=rules.edit_refusal(memo, user, now=now) is None,
            can_remove=rules.remove_refusal(memo, user) is None,
        )
        for memo in memos
    ]
    return {"memo_rows": rows}


def unread_memos(user):
    """My unread memos over all orders, newest first (the counter's page)."""
    return (
        Memo.objects.filter(addressee=user)
        .exclude(_read_by(user))
        .select_related("order", "author")
        .order_by("-created_at", "-id")[:200]
    )


def unread_memo_count(user) -> tuple[int, int]:
    """The top bar: (my unread memos, the same: every unread memo asks for attention), in one query."""
    count = Memo.objects.filter(addressee=user).exclude(_read_by(user)).count()
    return count, count
