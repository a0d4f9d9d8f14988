"""Bulk actions on VERKOOP > Orders (orders/bulk/): starting a run (the choice, the cap, who may), the job (each
action through the by-hand service, its refusals the by-hand refusals, once per order however often the job runs or
crashes), and the progress page with its summary."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from backoffice.celery import app as celery_app
from backoffice.exceptions import ActionRefused
from customers.events import CustomerEventType
from customers.services import customer_inform
from history.models import OrderEvent
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders import bulk
from orders.bulk import services as runs
from orders.events import OrderEventType
from orders.models import BulkOutcome, BulkRun, BulkRunItem, BulkRunState, CancelReason, Order, PaymentStatus
from orders.services import order_cancel, order_hold, order_release
from payments.events import PaymentEventType
from payments.services import payment_mark_paid
from shipping.events import ShippingEventType
from shipping.services import order_mark_shipped
from status.events import StatusEventType
from status.services import custom_status_activate, order_custom_status_set
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.status.factories import make_custom_status
from tests.support import shop_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jobs_in_process():
    """The job runs in the process that enqueues it (as without REDIS_URL), whatever the environment."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """`run_now(user, "mark-paid", orders, params)`: start a run and let its job run, as after the request's commit;
    the e-mails the services queued are sent too (their own after-commit jobs)."""

    def start(user, name: str, orders, params: dict | None = None, **arguments) -> BulkRun:
        with django_capture_on_commit_callbacks(execute=True):
            run = runs.bulk_run_start(
                user=user, action=bulk.get(name), params=params or {}, order_ids=[o.pk for o in orders], **arguments
            )
        run.refresh_from_db()
        return run

    return start


@pytest.fixture
def admin_only_action():
    """An action only a Beheerder may do by hand (none of today's is): the runner must hold to it."""
    done = []
    bulk.register(
        bulk.BulkAction(
            name="test-admin-only",
            label="Alleen beheerder",
            position=99,
            may=lambda user: bulk.staff_may(user) and user.has_perm("backoffice.manage_shop"),
            perform=lambda *, order, actor, params: done.append(order.pk),
        )
    )
    yield done
    bulk.unregister("test-admin-only")


def outcomes(run: BulkRun) -> dict[str, tuple[str, str]]:
    """{order number: (outcome, message)} of the run's items."""
    items = BulkRunItem.objects.filter(run=run).select_related("order")
    return {item.order.number: (item.outcome, item.message) for item in items}


def refusal_by_hand(service, **arguments) -> str:
    """What the button by hand says for this order: the service's refusal (it changes nothing)."""
    with pytest.raises(ActionRefused) as refusal:
        service(**arguments)
    return refusal.value.message


def events_of(order, event_type) -> int:
    return OrderEvent.objects.filter(order=order, type=event_type).count()


def newest_first(*orders) -> list[int]:
    return [order.pk for order in sorted(orders, key=lambda order: (order.placed_at, order.pk), reverse=True)]


# --- starting -------------------------------------------------------------------------------------------------


def test_a_run_has_an_item_per_chosen_order_newest_first_and_its_job_starts_after_the_commit(
    staff, django_capture_on_commit_callbacks
):
    first, second, third = make_order(), make_order(), make_order()

    with django_capture_on_commit_callbacks() as callbacks:
        run = runs.bulk_run_start(
            user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[first.pk, third.pk, first.pk, 999_999]
        )

    items = list(run.items.order_by("position").values_list("order_id", "outcome"))
    assert items == [(pk, "") for pk in newest_first(first, third)]
    assert (run.state, run.total, run.action, run.created_by) == (BulkRunState.PENDING, 2, "mark-paid", staff)
    assert len(callbacks) == 1 and Order.objects.get(pk=first.pk).payment_status == PaymentStatus.UNPAID
    callbacks[0]()
    run.refresh_from_db()
    assert run.state == BulkRunState.DONE and run.finished_at is not None
    paid = set(Order.objects.filter(payment_status=PaymentStatus.PAID).values_list("pk", flat=True))
    assert paid == {first.pk, third.pk} and second.pk not in paid


def test_all_matching_the_filter_reruns_the_lists_filters(staff):
    paid = [make_order(payment_method="ideal") for _ in range(3)]
    make_order()

    run = runs.bulk_run_start(user=staff, action=bulk.get("hold"), params={}, filters={"payment_status": "paid"})

    assert list(run.items.order_by("position").values_list("order_id", flat=True)) == newest_first(*paid)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Kies eerst een of meer orders."),
        ({"order_ids": []}, "Kies eerst een of meer orders."),
        ({"order_ids": [999_999]}, "Die orders bestaan niet (meer)."),
        ({"order_ids": list(range(1, 1002))}, "Kies hoogstens 1.000 orders per keer; verfijn het filter."),
        ({"filters": {"q": "niemand-heet-zo"}}, "Geen enkele order voldoet aan het filter."),
    ],
)
def test_refusals_at_the_start_write_nothing(staff, arguments, message, django_capture_on_commit_callbacks):
    make_order()

    with pytest.raises(ActionRefused) as refusal, django_capture_on_commit_callbacks() as callbacks:
        runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, **arguments)

    assert refusal.value.message == message
    assert not BulkRun.objects.exists() and not BulkRunItem.objects.exists() and not callbacks


def test_more_than_the_maximum_matching_the_filter_is_refused_in_one_query(
    staff, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(runs, "MAX_ORDERS", 2)
    for _ in range(3):
        make_order()

    with django_assert_num_queries(1), pytest.raises(ActionRefused) as refusal:
        runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, filters={})

    assert refusal.value.message == "Kies hoogstens 1.000 orders per keer; verfijn het filter."


def test_the_same_dialog_submitted_twice_starts_one_run(staff, django_capture_on_commit_callbacks):
    order = make_order()
    key = "5f0c1b8e-3f41-4c52-9d4e-4b7b8f1f2a10"

    with django_capture_on_commit_callbacks(execute=True):
        first = runs.bulk_run_start(
            user=staff, action=bulk.get("inform"), params={"message": "Hoi"}, order_ids=[order.pk], submit_key=key
        )
        second = runs.bulk_run_start(
            user=staff, action=bulk.get("inform"), params={"message": "Hoi"}, order_ids=[order.pk], submit_key=key
        )

    assert first == second and BulkRun.objects.count() == 1
    assert OutboxMessage.objects.filter(kind=EmailKind.INFORM_CUSTOMER).count() == 1


# --- who may --------------------------------------------------------------------------------------------------


def test_what_a_medewerker_may_not_do_by_hand_she_may_not_start_in_bulk(staff, admin_user, admin_only_action):
    order = make_order()
    action = bulk.get("test-admin-only")

    with pytest.raises(ActionRefused) as refusal:
        runs.bulk_run_start(user=staff, action=action, params={}, order_ids=[order.pk])

    assert refusal.value.message == "U mag deze actie niet uitvoeren." and not BulkRun.objects.exists()
    assert action not in bulk.actions_for(staff) and action in bulk.actions_for(admin_user)
    assert runs.bulk_run_start(user=admin_user, action=action, params={}, order_ids=[order.pk]).total == 1


def test_someone_who_is_no_longer_allowed_when_the_job_runs_gets_every_order_refused(staff, run_now):
    order = make_order()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "_enqueue", lambda run_id: None)  # the job runs later
        run = run_now(staff, "mark-paid", [order])
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    run = runs.bulk_run_perform(run_id=run.pk)

    assert outcomes(run) == {order.number: (BulkOutcome.REFUSED, "Mila de Vries mag deze actie niet (meer) uitvoeren.")}
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.UNPAID


def test_customers_may_start_nothing(customer_user):
    order = make_order()

    assert bulk.actions_for(customer_user) == []
    with pytest.raises(ActionRefused):
        runs.bulk_run_start(user=customer_user, action=bulk.get("mark-paid"), params={}, order_ids=[order.pk])


# --- every action: done through the by-hand service, refused as by hand --------------------------------------


def test_betaald_zetten_refuses_what_betaald_by_hand_refuses(staff, run_now):
    unpaid, paid, cancelled = make_order(), make_order(payment_method="ideal"), make_order()
    order_cancel(order=cancelled, actor=staff, reason=CancelReason.CUSTOMER_REQUEST)
    expected = {
        paid.number: refusal_by_hand(payment_mark_paid, order=paid, actor=staff),
        cancelled.number: refusal_by_hand(payment_mark_paid, order=cancelled, actor=staff),
    }

    run = run_now(staff, "mark-paid", [unpaid, paid, cancelled])

    assert outcomes(run) == {
        unpaid.number: (BulkOutcome.DONE, ""),
        **{number: (BulkOutcome.REFUSED, message) for number, message in expected.items()},
    }
    assert expected[cancelled.number] == "De betaalstatus van een geannuleerde order kan niet meer worden gewijzigd."
    assert Order.objects.get(pk=unpaid.pk).payment_status == PaymentStatus.PAID
    assert events_of(unpaid, PaymentEventType.PAYMENT_MARKED_PAID) == 1
    event = OrderEvent.objects.get(order=unpaid, type=PaymentEventType.PAYMENT_MARKED_PAID)
    assert event.actor == staff  # as if she clicked Betaald herself
    assert events_of(paid, PaymentEventType.PAYMENT_MARKED_PAID) == 0


def test_verzonden_zetten_mails_order_verzonden_per_order_and_refuses_as_by_hand(staff, run_now):
    plain, on_hold, shipped, cancelled = make_order(), make_order(), make_order(), make_order()
    order_hold(order=on_hold, actor=staff)
    order_mark_shipped(order=shipped, actor=staff)
    order_cancel(order=cancelled, actor=staff, reason=CancelReason.OUT_OF_STOCK)
    refused = {order.number: refusal_by_hand(order_mark_shipped, order=order, actor=staff)
               for order in (on_hold, shipped, cancelled)}  # fmt: skip
    mail.outbox.clear()

    run = run_now(staff, "mark-shipped", [plain, on_hold, shipped, cancelled])

    assert outcomes(run) == {plain.number: (BulkOutcome.DONE, ""),
                             **{n: (BulkOutcome.REFUSED, m) for n, m in refused.items()}}  # fmt: skip
    assert events_of(plain, ShippingEventType.SHIPMENT_SHIPPED) == 1
    sent = OutboxMessage.objects.filter(order=plain, kind__in=[EmailKind.ORDER_SHIPPED, EmailKind.TRACK_AND_TRACE])
    assert [message.kind for message in sent] == [EmailKind.ORDER_SHIPPED]  # without T&T: "Order verzonden"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [plain.email]


def test_klant_inlichten_sends_the_one_message_to_each_customer_in_the_orders_language(staff, run_now):
    shop_settings(languages=["nl", "de"])
    dutch = make_order(customer=CustomerFactory(email="jan@example.nl"))
    german = make_order(language="de", customer=CustomerFactory(email="hans@example.de"))
    no_address = make_order()
    Order.objects.filter(pk=no_address.pk).update(email="")
    refused = refusal_by_hand(customer_inform, order=no_address, actor=staff, message="Morgen")

    run = run_now(staff, "inform", [dutch, german, no_address], {"message": "Uw pakket komt morgen."})

    assert outcomes(run) == {
        dutch.number: (BulkOutcome.DONE, ""),
        german.number: (BulkOutcome.DONE, ""),
        no_address.number: (BulkOutcome.REFUSED, refused),
    }
    emails = {email.to: email for email in OutboxMessage.objects.filter(kind=EmailKind.INFORM_CUSTOMER)}
    assert set(emails) == {"jan@example.nl", "hans@example.de"}
    assert emails["hans@example.de"].language == "de" and "Guten Tag" in emails["hans@example.de"].body
    assert emails["jan@example.nl"].language == "nl" and dutch.number in emails["jan@example.nl"].subject
    assert all("Uw pakket komt morgen." in email.body for email in emails.values())
    assert events_of(german, CustomerEventType.CUSTOMER_INFORMED) == 1


def test_in_de_wacht_and_uit_de_wacht_refuse_as_by_hand(staff, run_now):
    plain, held, cancelled, shipped = make_order(), make_order(), make_order(), make_order()
    order_hold(order=held, actor=staff, reason="eerder")
    order_cancel(order=cancelled, actor=staff, reason=CancelReason.FRAUD)
    order_mark_shipped(order=shipped, actor=staff)
    hold_refused = {o.number: refusal_by_hand(order_hold, order=o, actor=staff) for o in (held, cancelled, shipped)}
    release_refused = refusal_by_hand(order_release, order=cancelled, actor=staff)

    hold = run_now(staff, "hold", [plain, held, cancelled, shipped], {"reason": "Wacht op nalevering"})

    assert outcomes(hold) == {plain.number: (BulkOutcome.DONE, ""),
                              **{n: (BulkOutcome.REFUSED, m) for n, m in hold_refused.items()}}  # fmt: skip
    plain.refresh_from_db()
    assert plain.is_on_hold and plain.hold_reason == "Wacht op nalevering"

    release = run_now(staff, "release", [plain, held, cancelled])

    assert outcomes(release) == {
        plain.number: (BulkOutcome.DONE, ""),
        held.number: (BulkOutcome.DONE, ""),
        cancelled.number: (BulkOutcome.REFUSED, release_refused),
    }
    assert not Order.objects.filter(pk__in=[plain.pk, held.pk], is_on_hold=True).exists()
    assert events_of(plain, OrderEventType.ORDER_HELD) == 1 and events_of(plain, OrderEventType.ORDER_RELEASED) == 1


def test_status_wijzigen_sets_the_custom_status_and_refuses_as_the_status_block(staff, admin_user, run_now):
    status = make_custom_status("Wacht op leverancier", mail=True)
    plain, cancelled = make_order(), make_order()
    order_cancel(order=cancelled, actor=staff, reason=CancelReason.OTHER)
    refused = refusal_by_hand(order_custom_status_set, order=cancelled, status=status, actor=staff)

    run = run_now(staff, "custom-status", [plain, cancelled], {"status": str(status.pk)})

    assert outcomes(run) == {plain.number: (BulkOutcome.DONE, ""), cancelled.number: (BulkOutcome.REFUSED, refused)}
    assert Order.objects.get(pk=plain.pk).custom_status == status
    assert events_of(plain, StatusEventType.CUSTOM_STATUS_SET) == 1
    assert OutboxMessage.objects.filter(order=plain, kind=status.email_kind).count() == 1


def test_a_status_deactivated_after_the_start_is_refused_as_the_status_block_refuses_it(staff, run_now):
    status = make_custom_status("Wacht op leverancier")
    order = make_order()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "_enqueue", lambda run_id: None)
        run = run_now(staff, "custom-status", [order], {"status": str(status.pk)})
    custom_status_activate(status=status, active=False, actor=None)
    status.refresh_from_db()
    expected = refusal_by_hand(order_custom_status_set, order=order, status=status, actor=staff)

    run = runs.bulk_run_perform(run_id=run.pk)

    assert outcomes(run) == {order.number: (BulkOutcome.REFUSED, expected)}


# --- once per order -------------------------------------------------------------------------------------------


def test_the_job_run_twice_acts_once_per_order(staff, run_now, django_capture_on_commit_callbacks):
    orders = [make_order(), make_order(), make_order()]
    run = run_now(staff, "inform", orders, {"message": "Vertraging"})

    def state():
        return (list(BulkRunItem.objects.values().order_by("pk")), OrderEvent.objects.count(),
                OutboxMessage.objects.count())  # fmt: skip

    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        runs.bulk_run_perform(run_id=run.pk)  # a second delivery of a finished run
        BulkRun.objects.filter(pk=run.pk).update(state=BulkRunState.PENDING)  # as if it died before "done"
        again = runs.bulk_run_perform(run_id=run.pk)

    assert state() == before and again.state == BulkRunState.DONE
    for order in orders:
        assert events_of(order, CustomerEventType.CUSTOMER_INFORMED) == 1
    assert OutboxMessage.objects.filter(kind=EmailKind.INFORM_CUSTOMER).count() == 3 and len(mail.outbox) == 3


def test_a_crash_mid_run_is_retried_and_finishes_the_rest_once(staff, monkeypatch, django_capture_on_commit_callbacks):
    orders = [make_order() for _ in range(5)]
    with django_capture_on_commit_callbacks():  # the job is not run yet
        run = runs.bulk_run_start(
            user=staff, action=bulk.get("inform"), params={"message": "Hallo"}, order_ids=[o.pk for o in orders]
        )
    real, calls = customer_inform, []

    def dies_at_the_third(**arguments):
        calls.append(arguments["order"].pk)
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**arguments)

    monkeypatch.setattr("customers.services.customer_inform", dies_at_the_third)
    with pytest.raises(OperationalError), django_capture_on_commit_callbacks(execute=True):
        runs.bulk_run_perform(run_id=run.pk)

    run.refresh_from_db()
    done = BulkRunItem.objects.filter(run=run, outcome=BulkOutcome.DONE)
    assert run.state == BulkRunState.PENDING and done.count() == 2
    assert BulkRunItem.objects.filter(run=run, outcome="").count() == 3
    assert OutboxMessage.objects.count() == 2  # the third order's e-mail was rolled back with it

    monkeypatch.setattr("customers.services.customer_inform", real)
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.bulk_run_perform(run_id=run.pk)  # the retry

    assert run.state == BulkRunState.DONE
    assert set(outcomes(run).values()) == {(BulkOutcome.DONE, "")}
    for order in orders:
        assert events_of(order, CustomerEventType.CUSTOMER_INFORMED) == 1
        assert OutboxMessage.objects.filter(order=order).count() == 1
    assert len(mail.outbox) == 5


def test_an_unexpected_error_in_one_order_fails_that_order_only(staff, monkeypatch, run_now):
    first, broken, last = make_order(), make_order(), make_order()
    real = payment_mark_paid

    def fails_for_one(*, order, actor):
        if order.pk == broken.pk:
            raise ValueError("a bug")
        return real(order=order, actor=actor)

    monkeypatch.setattr("payments.services.payment_mark_paid", fails_for_one)

    run = run_now(staff, "mark-paid", [first, broken, last])

    assert outcomes(run)[broken.number] == (
        BulkOutcome.FAILED, "Er ging iets mis bij deze order. Probeer het bij de order zelf opnieuw."
    )  # fmt: skip
    assert outcomes(run)[first.number] == outcomes(run)[last.number] == (BulkOutcome.DONE, "")
    assert run.state == BulkRunState.DONE and Order.objects.get(pk=broken.pk).payment_status == PaymentStatus.UNPAID


def test_a_second_delivery_while_the_first_runs_does_nothing(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[make_order().pk])
    BulkRun.objects.filter(pk=run.pk).update(state=BulkRunState.RUNNING, updated_at=timezone.now())

    runs.bulk_run_perform(run_id=run.pk)

    assert not BulkRunItem.objects.exclude(outcome="").exists()
    assert not Order.objects.filter(payment_status=PaymentStatus.PAID).exists()


def test_a_run_whose_job_died_is_taken_over(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[make_order().pk])
    long_ago = timezone.now() - runs.STALE_AFTER - timedelta(seconds=1)
    BulkRun.objects.filter(pk=run.pk).update(state=BulkRunState.RUNNING, updated_at=long_ago)

    assert runs.bulk_run_requeue(BulkRun.objects.get(pk=run.pk)) is True  # run in-process: done now

    run.refresh_from_db()
    assert run.state == BulkRunState.DONE and Order.objects.filter(payment_status=PaymentStatus.PAID).count() == 1


def test_the_summary_counts_each_outcome_and_lists_the_refused_newest_first(staff, run_now):
    unpaid, paid = make_order(), make_order(payment_method="ideal")

    run = run_now(staff, "mark-paid", [unpaid, paid])
    summary = runs.bulk_run_summary(run)

    assert summary["counts"] == {"done": 1, "refused": 1, "failed": 0} and summary["handled"] == 2
    assert [(item.order.number, item.message) for item in summary["not_done"]] == [
        (paid.number, "Deze order is al betaald.")
    ]
