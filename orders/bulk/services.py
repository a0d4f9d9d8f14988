"""Bulk actions from VERKOOP > Orders: a run of one registered action over many orders, made by a job.

`bulk_run_start` checks who starts it and the choice (ticked orders, or every order that matches the list's
filter, at most MAX_ORDERS – the same cap and refusals as Pakbonnen printen), writes a BulkRun with one BulkRunItem
per order and enqueues `orders.run_bulk_action` after the commit.

The job (`bulk_run_perform`) walks the items that have no outcome yet. Each order is one transaction that locks
its item row first and leaves it alone when it already has an outcome: a job delivered twice, two deliveries at
once, or a job retried after a crash acts once per order. Inside, the action's `perform` calls the owning app's
service as the button by hand does (its own lock on the order, its history event, its e-mail after the commit) in a
savepoint: ActionRefused is the outcome "refused" with the service's message; an unexpected error in one order is
"failed" for that order (logged) and the run goes on; a lost database connection stops the job, which is retried
and goes on where it stopped.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused

from .. import bulk
from ..models import Order
from ..selectors import order_ids_matching
from .models import BulkOutcome, BulkRun, BulkRunItem, BulkRunState

logger = logging.getLogger(__name__)

MAX_ORDERS = 1000
# A running run whose job has shown no progress for this long lost its worker: a new delivery takes over.
STALE_AFTER = timedelta(minutes=5)


# --- selectors ----------------------------------------------------------------------------------------------


def bulk_order_ids(*, user, order_ids: list[int] | None = None, filters: dict | None = None) -> list[int]:
    """The orders a bulk action is for, newest first: the ticked `order_ids` that exist (and `user` may see), or –
    with `filters` (the list's valid filters, {} for none) – every order that matches them. Refused when nothing is
    chosen or more than MAX_ORDERS are. One query."""
    too_many = _("Kies hoogstens 1.000 orders per keer; verfijn het filter.")
    if filters is not None:
        ids = order_ids_matching(user=user, filters=filters, limit=MAX_ORDERS + 1)
        if not ids:
            raise ActionRefused(_("Geen enkele order voldoet aan het filter."))
    else:
        if not order_ids:
            raise ActionRefused(_("Kies eerst een of meer orders."))
        if len(set(order_ids)) > MAX_ORDERS:
            raise ActionRefused(too_many)
        orders = Order.objects.for_staff(user).filter(pk__in=set(order_ids))
        ids = list(orders.order_by("-placed_at", "-id").values_list("id", flat=True))
        if not ids:
            raise ActionRefused(_("Die orders bestaan niet (meer)."))
    if len(ids) > MAX_ORDERS:
        raise ActionRefused(too_many)
    return ids


def bulk_run_for(*, user, run_id: int) -> BulkRun:
    """A run for its progress page. Every staff member may follow every run, as every order.
    Raises BulkRun.DoesNotExist."""
    if not bulk.staff_may(user):
        raise BulkRun.DoesNotExist
    return BulkRun.objects.select_related("created_by").get(pk=run_id)


def bulk_run_summary(run: BulkRun) -> dict:
    """What the progress page shows: how many orders are done, refused and failed, and the refused and failed
    ones with their reasons (newest order first). Two queries however many orders."""
    counts = BulkRunItem.objects.filter(run=run).aggregate(
        **{outcome.value: Count("pk", filter=Q(outcome=outcome)) for outcome in BulkOutcome}
    )
    not_done = (
        BulkRunItem.objects.filter(run=run, outcome__in=[BulkOutcome.REFUSED, BulkOutcome.FAILED])
        .select_related("order")
        .only("outcome", "message", "order__number")
        .order_by("position")
    )
    handled = sum(counts.values())
    return {"counts": counts, "handled": handled, "not_done": list(not_done)}


# --- starting ------------------------------------------------------------------------------------------------


def bulk_run_start(
    *,
    user,
    action: bulk.BulkAction,
    params: dict,
    order_ids: list[int] | None = None,
    filters: dict | None = None,
    submit_key=None,
) -> BulkRun:
    """Start `action` with `params` on the ticked `order_ids`, or on every order that matches `filters`.
    A second submit of the same dialog (`submit_key`) gets the run the first one started."""
    if not action.may(user):
        raise ActionRefused(_("U mag deze actie niet uitvoeren."))
    if submit_key is not None and (earlier := BulkRun.objects.filter(submit_key=submit_key).first()):
        return earlier
    ids = bulk_order_ids(user=user, order_ids=order_ids, filters=filters)
    try:
        with transaction.atomic():
            run = BulkRun.objects.create(
                action=action.name,
                params=params,
                created_by=user,
                total=len(ids),
                language=translation.get_language() or settings.LANGUAGE_CODE,
                submit_key=submit_key,
            )
            BulkRunItem.objects.bulk_create(
                BulkRunItem(run=run, order_id=order_id, position=position) for position, order_id in enumerate(ids)
            )
            transaction.on_commit(partial(_enqueue, run.pk))
    except IntegrityError:  # the same dialog submitted twice at the same moment: the other one started it
        if submit_key is None:
            raise
        return BulkRun.objects.get(submit_key=submit_key)
    return run


def _enqueue(run_id: int) -> None:
    from ..jobs import run_bulk_action

    try:
        run_bulk_action.delay(run_id)
    except Exception:  # broker down (or, run in-process, the job failed: its items say so)
        logger.warning("Bulk run %s was not enqueued or failed in-process.", run_id, exc_info=True)


def bulk_run_requeue(run: BulkRun, *, now=None) -> bool:
    """The progress page, for a run that waited or stalled too long (the broker was down, the worker died):
    enqueue its job again. Harmless when it was merely slow: the job takes over only a stale run, and an order
    that has an outcome is never acted on twice."""
    now = now or timezone.now()
    waited = run.state == BulkRunState.PENDING and (run.updated_at or run.created_at) < now - timedelta(minutes=1)
    stalled = run.state == BulkRunState.RUNNING and run.updated_at and run.updated_at < now - STALE_AFTER
    if waited or stalled:
        _enqueue(run.pk)
    return bool(waited or stalled)


# --- the job's work ------------------------------------------------------------------------------------------


def _claim(run_id: int) -> bool:
    """Mark the run running, if it waits for a job or its job went silent. One UPDATE: of two deliveries at the
    same moment one wins; a finished run is left alone."""
    now = timezone.now()
    return bool(
        BulkRun.objects.filter(pk=run_id)
        .filter(Q(state=BulkRunState.PENDING) | Q(state=BulkRunState.RUNNING, updated_at__lt=now - STALE_AFTER))
        .update(state=BulkRunState.RUNNING, updated_at=now)
    )


def _outcome(run: BulkRun, action: bulk.BulkAction | None, order: Order) -> tuple[str, str]:
    """Do the action on one order (inside the item's transaction): (outcome, reason)."""
    if action is None:
        return BulkOutcome.FAILED, _("Deze bulkactie bestaat niet meer.")
    actor = run.created_by
    if actor is None or not action.may(actor):  # deactivated, or no longer in a role that may, since the start
        return BulkOutcome.REFUSED, _("%(name)s mag deze actie niet (meer) uitvoeren.") % {"name": actor or "?"}
    try:
        with transaction.atomic():  # a savepoint: a refusal or an error leaves nothing of this order behind
            action.perform(order=order, actor=actor, params=run.params)
    except ActionRefused as refusal:
        return BulkOutcome.REFUSED, str(refusal.message)
    except (OperationalError, InterfaceError):
        raise  # the database went away: the job stops and is retried; this order has no outcome yet
    except Exception:
        logger.exception("Bulk run %s: %s failed on order %s.", run.pk, run.action, order.number)
        return BulkOutcome.FAILED, _("Er ging iets mis bij deze order. Probeer het bij de order zelf opnieuw.")
    return BulkOutcome.DONE, ""


def _perform_item(run: BulkRun, action: bulk.BulkAction | None, item_id: int) -> None:
    with transaction.atomic():
        item = BulkRunItem.objects.select_for_update().get(pk=item_id)
        if item.outcome:  # another delivery of the job got here first
            return
        order = Order.objects.get(pk=item.order_id)
        item.outcome, item.message = _outcome(run, action, order)
        item.finished_at = timezone.now()
        item.save(update_fields=["outcome", "message", "finished_at"])
        BulkRun.objects.filter(pk=run.pk).update(updated_at=item.finished_at)  # a sign of life for the page


def bulk_run_perform(*, run_id: int) -> BulkRun:
    """The job's work: every order of the run that has no outcome yet, one transaction each. Idempotent."""
    if not _claim(run_id):
        return BulkRun.objects.get(pk=run_id)
    run = BulkRun.objects.select_related("created_by").get(pk=run_id)
    action = bulk.get(run.action)
    to_do = run.items.filter(outcome="").order_by("position").values_list("pk", flat=True)
    try:
        with translation.override(run.language):
            for item_id in list(to_do):
                _perform_item(run, action, item_id)
    except (OperationalError, InterfaceError):
        try:  # waiting again, so that the retry (or the progress page) takes it up at once
            BulkRun.objects.filter(pk=run_id).update(state=BulkRunState.PENDING, updated_at=timezone.now())
        except (OperationalError, InterfaceError):
            pass  # still gone: after STALE_AFTER the run counts as stalled
        raise
    now = timezone.now()
    BulkRun.objects.filter(pk=run_id).update(state=BulkRunState.DONE, updated_at=now, finished_at=now)
    run.refresh_from_db()
    return run
