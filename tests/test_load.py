"""`make load`'s simulated staff (bench/locustfile.py) against the live server: two staff members go once through
their deck of work with no think time, through the same `run_locust` and plan `make load` uses. Every kind of
request must come up, none may fail, and the actions must have done what they say.

locust runs in a child process: importing it monkey-patches the standard library (gevent), which this process and
its live server thread must not have.
"""

import importlib.util
import json
import random
import sys

import pytest
from django.conf import settings

from history.models import OrderEvent
from memos.models import Memo
from orders.models import Order, PaymentStatus, ShipmentStatus
from tasks.models import Task
from tests.customers.factories import CustomerFactory
from tests.orders.factories import address, make_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shop")]

USERS = 2


def bench_load():
    """bench/load.py as a module (bench/ is not a package; load.py finds bench/run.py itself)."""
    spec = importlib.util.spec_from_file_location("bench_load", settings.BASE_DIR / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_load", module)
    spec.loader.exec_module(module)
    return module


def test_two_staff_members_do_every_kind_of_work_without_an_error(live_server, tmp_path):
    load = bench_load()
    for index in range(30):  # enough for the browsing and one order per user and action
        customer = CustomerFactory(last_name=f"Laadtest{index:02d}")
        make_order(customer=customer, billing=address(name=customer.full_name, postcode=f"{1000 + index}AB"))
    accounts = load.accounts_ensure(USERS)
    plan = load.plan_build(
        random.Random(1), accounts=accounts, pool_size=USERS, think=[0, 0], measure_seconds=60, decks=1
    )

    status = load.run_locust(
        users=USERS, run_time=60, spawn_rate=USERS, host=live_server.url, plan=plan,
        results_path=tmp_path / "load-results.json", log_path=tmp_path / "locust.log",
    )  # fmt: skip

    log = (tmp_path / "locust.log").read_text()
    assert status == 0, log[-4000:]
    results = json.loads((tmp_path / "load-results.json").read_text())
    assert [record for record in results["records"] if record[4]] == []
    summary = load.summarize(results, run_time=1)
    assert summary["missing_kinds"] == [] and summary["errors"] == {} and summary["exhausted"] == []
    assert summary["pool_used"] == {action: USERS for action in load.ACTIONS}
    pools = plan["pools"]
    assert Order.objects.filter(number__in=pools["paid"], payment_status=PaymentStatus.PAID).count() == USERS
    shipped = Order.objects.filter(number__in=pools["shipped"], shipment_status=ShipmentStatus.SHIPPED)
    assert shipped.count() == USERS
    assert all(shipment.tracking_code.startswith("3SLOAD") for order in shipped for shipment in order.shipments.all())
    assert OrderEvent.objects.filter(order__number__in=pools["inform"], type="CUSTOMER_INFORMED").count() == USERS
    assert Memo.objects.filter(order__number__in=pools["memo_add"], text__endswith="(laadtest)").count() == USERS
    assert Task.objects.filter(order__number__in=pools["task_add"], description__endswith="(laadtest)").count() == USERS
