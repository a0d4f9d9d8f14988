from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.decorators import staff_required
from orders.pages import block_answer, get_order_or_404, render_order_dialog

from . import rules, selectors, services
from .forms import MemoEditForm, MemoForm
from .models import TEXT_MAX_LENGTH, Memo

POSTED = "memos/block.html#posted"


def block_context(order, user) -> dict:
    """The Memo block for `user`. Showing it is reading it: the memos to her that were unread are highlighted this
    time and recorded as read ("gelezen"), so the top bar's counter goes down."""
    context = selectors.memos_block(order, user)
    services.memos_mark_read(memo_ids=[row.memo.pk for row in context["memo_rows"] if row.unread], user=user)
    return context


def _context_for(user):
    return lambda order: block_context(order, user)


def _memo_or_404(order, memo_id: int) -> Memo:
    try:
        return Memo.objects.select_related("author", "addressee", "order").get(order=order, pk=memo_id)
    except Memo.DoesNotExist:
        raise Http404(_("Deze memo bestaat niet (meer).")) from None


def _dialog_context(form, **extra) -> dict:
    value = form["text"].value() or ""
    return {"form": form, "max_length": TEXT_MAX_LENGTH, "remaining": TEXT_MAX_LENGTH - len(value), **extra}


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "memos/block.html#block", {"order": order, **block_context(order, request.user)})


@staff_required
@require_http_methods(["GET", "POST"])
def add(request, number):
    """Memo toevoegen: GET the popup, POST write the memo (one per click: the dialog's submit key)."""
    order = get_order_or_404(request, number)
    form = MemoForm.for_new(request.user, request.POST if request.method == "POST" else None)
    dialog = ("memos/block.html#add", _dialog_context(form))
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    return block_answer(
        request,
        order,
        lambda: services.memo_add(
            order=order,
            actor=request.user,
            addressee=form.cleaned_data["addressee"],
            text=form.cleaned_data["text"],
            submit_key=form.cleaned_data["submit_key"],
        ),
        form=form,
        dialog=dialog,
        done=lambda memo: _("De memo aan %(name)s staat bij de order.") % {"name": memo.addressee},
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request, number, memo_id):
    """Correct a memo: its author, within a few minutes of writing it."""
    order = get_order_or_404(request, number)
    memo = _memo_or_404(order, memo_id)
    initial = {"text": memo.text}
    form = MemoEditForm(request.POST if request.method == "POST" else None, initial=initial)
    context = _dialog_context(form, memo=memo)
    if request.method == "GET":
        if refusal := rules.edit_refusal(memo, request.user):
            context["refusal"] = refusal
        return render_order_dialog(request, order, "memos/block.html#edit", context)
    return block_answer(
        request,
        order,
        lambda: services.memo_edit(memo=memo, actor=request.user, text=form.cleaned_data["text"]),
        form=form,
        dialog=("memos/block.html#edit", context),
        done=_("De memo is aangepast."),
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def remove(request, number, memo_id):
    """GET: the popup that asks for confirmation (and says the history keeps the text). POST: remove it."""
    order = get_order_or_404(request, number)
    memo = _memo_or_404(order, memo_id)
    if request.method == "GET":
        context = {"memo": memo, "refusal": rules.remove_refusal(memo, request.user)}
        return render_order_dialog(request, order, "memos/block.html#remove", context)
    return block_answer(
        request,
        order,
        lambda: services.memo_remove(memo=memo, actor=request.user),
        done=_("De memo is verwijderd; de geschiedenis bewaart wat hij zei."),
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_GET
def unread(request):
    """The memo counter's page: my unread memos over all orders, each linking to its order (opening it reads it)."""
    return render(request, "memos/unread.html", {"memos": selectors.unread_memos(request.user)})
