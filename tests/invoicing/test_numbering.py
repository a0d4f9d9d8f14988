"""Invoice numbers (issue #4): gapless and unique under real concurrency, no gap after a rollback, and the
series credit invoices draw from (the invoices' by default, their own when the shop wants that)."""

import multiprocessing
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection, transaction

from backoffice.models import NumberCounter
from invoicing import services
from invoicing.models import Invoice
from invoicing.services import credit_invoice_create, invoice_issue
from tests.customers.factories import CustomerFactory
from tests.invoicing.numbering_worker import issue_all
from tests.orders.factories import line, make_order
from tests.support import shop_settings

D = Decimal
PROCESSES = 8
INVOICES_EACH = 50


@pytest.fixture(autouse=True)
def no_pdfs_no_mail(monkeypatch, invoices_by_hand):
    """Numbering is about rows, not documents: no PDF is rendered after a commit and no invoice is mailed
    (without Redis both would run in-process, 400 times)."""
    monkeypatch.setattr(services, "_enqueue_render", lambda document_id: None)
    shop_settings(invoice_send_on_issue=False)


@pytest.mark.django_db(transaction=True)
def test_8_processes_issuing_50_invoices_each_get_1_to_400_without_gap_or_duplicate():
    customer = CustomerFactory()
    orders = [make_order(customer=customer, lines=[line()]) for _ in range(PROCESSES * INVOICES_EACH)]
    assert not Invoice.objects.exists() and not NumberCounter.objects.filter(series="invoice").exists()
    order_ids = [order.pk for order in orders]
    context = multiprocessing.get_context("spawn")  # fresh interpreters: the test process may have threads
    start, failures = context.Barrier(PROCESSES), context.Queue()
    database_name = connection.settings_dict["NAME"]
    processes = [
        context.Process(target=issue_all, args=(database_name, order_ids[index::PROCESSES], start, failures))
        for index in range(PROCESSES)
    ]

    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    for process in processes:
        if process.is_alive():  # stuck: fail below rather than hang the run
            process.kill()
            process.join()

    errors = []
    while not failures.empty():
        errors.append(failures.get())
    assert errors == []
    assert [process.exitcode for process in processes] == [0] * PROCESSES
    total = PROCESSES * INVOICES_EACH
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, total + 1))
    numbers = list(Invoice.objects.values_list("number", flat=True))
    assert sorted(numbers) == [f"F{sequence:05d}" for sequence in range(1, total + 1)]
    assert set(Invoice.objects.values_list("order_id", flat=True)) == set(order_ids)  # one invoice per order
    assert NumberCounter.objects.get(series="invoice").last_number == total
    process_of = {order_id: index % PROCESSES for index, order_id in enumerate(order_ids)}
    sequences = defaultdict(list)
    for order_id, sequence in Invoice.objects.values_list("order_id", "sequence"):
        sequences[process_of[order_id]].append(sequence)
    interleaved = [max(own) - min(own) + 1 > len(own) for own in sequences.values()]
    assert any(interleaved)  # the processes really took turns at the counter, it was no queue of eight


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_invoice_leaves_no_gap_its_number_goes_to_the_next_one():
    first, rolled_back, next_order = make_order(), make_order(), make_order()
    invoice_issue(order=first, actor=None)

    with pytest.raises(RuntimeError, match="after the number"), transaction.atomic():
        number = invoice_issue(order=rolled_back, actor=None).number
        raise RuntimeError("something failed after the number was given")

    assert number == "F00002"
    assert not Invoice.objects.filter(order=rolled_back).exists()
    assert NumberCounter.objects.get(series="invoice").last_number == 1
    assert invoice_issue(order=next_order, actor=None).number == "F00002"


@pytest.mark.django_db
def test_credit_invoices_share_the_invoice_series_by_default():
    first, second = make_order(), make_order()
    invoice = invoice_issue(order=first, actor=None)

    credit = credit_invoice_create(invoice=invoice, actor=None, send=False)
    after = invoice_issue(order=second, actor=None)

    assert [(document.number, document.series) for document in (invoice, credit, after)] == [
        ("F00001", "invoice"),
        ("F00002", "invoice"),
        ("F00003", "invoice"),
    ]
    assert not NumberCounter.objects.filter(series="credit_invoice").exists()
    assert NumberCounter.objects.get(series="invoice").last_number == 3


@pytest.mark.django_db
def test_credit_invoices_in_their_own_series_count_from_their_own_counter():
    shop_settings(credit_invoice_own_series=True)
    first, second = make_order(lines=[line(quantity=2)]), make_order()
    invoice = invoice_issue(order=first, actor=None)
    product_line = invoice.lines.get(kind="product")

    partly = credit_invoice_create(invoice=invoice, actor=None, quantities={product_line.pk: 1}, send=False)
    after = invoice_issue(order=second, actor=None)
    rest = credit_invoice_create(invoice=invoice, actor=None, send=False)

    assert [(document.number, document.series, document.sequence) for document in (partly, rest)] == [
        ("CF00001", "credit_invoice", 1),
        ("CF00002", "credit_invoice", 2),
    ]
    assert (invoice.number, after.number) == ("F00001", "F00002")
    counters = dict(
        NumberCounter.objects.filter(series__in=["invoice", "credit_invoice"]).values_list("series", "last_number")
    )
    assert counters == {"invoice": 2, "credit_invoice": 2}
