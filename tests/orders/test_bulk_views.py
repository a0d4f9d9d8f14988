"""Bulk actions on VERKOOP > Orders, the pages: the Bulkacties menu on the list, the confirmation dialog (count,
parameters, refusals), the start, and the progress page that polls until the summary."""

import pytest
from django.test import override_settings
from django.utils import timezone

from backoffice.celery import app as celery_app
from notifications.models import OutboxMessage
from orders import bulk
from orders.bulk import services as runs
from orders.models import BulkOutcome, BulkRun, BulkRunItem, BulkRunState, Order, PaymentStatus
from tests.orders.factories import address, make_order
from tests.support import HTMX, element, elements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jobs_in_process():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def newest_first(*orders) -> list[int]:
    return [order.pk for order in sorted(orders, key=lambda order: (order.placed_at, order.pk), reverse=True)]


# --- the list ---------------------------------------------------------------------------------------------------


def test_the_list_has_the_bulk_menu_whose_items_submit_the_lists_choice(staff_client):
    make_order()

    html = staff_client.get("/orders/").text

    buttons = elements(html, "button", form="order-actions")
    assert [button.text for button in buttons] == [
        "Betaald zetten", "Verzonden zetten", "Klant inlichten", "In de wacht zetten", "Uit de wacht halen",
        "Status wijzigen",
    ]  # fmt: skip
    paid = buttons[0]
    assert paid.attrs["formaction"] == paid.attrs["hx-post"] == "/orders/bulk/mark-paid/"
    assert paid.attrs["hx-target"] == "#bulk-dialog-slot" and paid.attrs["type"] == "submit"
    # the dialog's slot is outside the list's form (a form inside a form is not a form)
    assert element(html, "div", id="bulk-dialog-slot") is not None
    assert html.index('id="bulk-dialog-slot"') < html.index('<form id="order-actions"')


def test_the_bulk_menu_costs_no_query(staff_client, django_assert_num_queries):
    for _ in range(30):
        make_order(billing=address(name="Jan Jansen"))

    with django_assert_num_queries(3 + 3 + 1):  # as pinned in tests/orders/test_views.py (+1: the saved views)
        html = staff_client.get("/orders/").text
    with django_assert_num_queries(2 + 2 + 1):
        partial = staff_client.get("/orders/", {"q": "jansen"}, headers=HTMX).text

    assert "Bulkacties" in html and "Bulkacties" in partial


# --- the dialog -------------------------------------------------------------------------------------------------


def test_the_dialog_says_how_many_ticked_orders_and_carries_the_choice_on(staff_client):
    first, second, _not_ticked = make_order(), make_order(), make_order()

    response = staff_client.post(
        "/orders/bulk/hold/",
        {"order": [first.pk], "page_orders": f"{second.pk}", "filter": "payment_status=unpaid"},
        headers=HTMX,
    )

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    dialog = element(html, "dialog")
    assert dialog.attrs["aria-labelledby"] == "dialog-title" and "In de wacht zetten" in dialog.text
    assert "2 geselecteerde orders" in html
    form = element(html, "form")
    assert form.attrs["action"] == form.attrs["hx-post"] == "/orders/bulk/hold/start/"
    carried = sorted(int(field.attrs["value"]) for field in elements(html, "input", name="order"))
    assert carried == sorted([first.pk, second.pk])
    assert element(html, "input", name="filter").attrs["value"] == "payment_status=unpaid"
    assert element(html, "input", name="reason") is not None  # the by-hand dialog's reason
    assert not BulkRun.objects.exists()


def test_the_dialog_for_all_matching_counts_the_filters_orders(staff_client):
    for _ in range(3):
        make_order(payment_method="ideal")
    make_order()

    html = staff_client.post(
        "/orders/bulk/mark-paid/", {"all_matching": "1", "filter": "payment_status=paid"}, headers=HTMX
    ).text

    assert "Alle 3 orders die aan het filter voldoen" in html
    assert element(html, "input", name="all_matching").attrs["value"] == "True"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"filter": ""}, "Kies eerst een of meer orders."),
        ({"order": "²"}, "Die keuze van orders klopt niet. Kies de orders opnieuw."),
        ({"all_matching": "1", "filter": "q=niemand-heet-zo"}, "Geen enkele order voldoet aan het filter."),
    ],
)
def test_a_choice_that_cannot_be_is_refused_in_the_dialog_without_a_button(staff_client, data, message):
    make_order()

    response = staff_client.post("/orders/bulk/mark-paid/", data, headers=HTMX)

    assert response.status_code == 422 and message in response.text
    assert 'data-action="bulk-start"' not in response.text and not BulkRun.objects.exists()


def test_more_than_the_cap_is_refused(staff_client, monkeypatch):
    monkeypatch.setattr(runs, "MAX_ORDERS", 2)
    for _ in range(3):
        make_order()

    response = staff_client.post("/orders/bulk/mark-paid/", {"all_matching": "1", "filter": ""}, headers=HTMX)

    assert response.status_code == 422 and "Kies hoogstens 1.000 orders per keer" in response.text


def test_without_javascript_the_dialog_is_a_page_of_its_own(staff_client):
    order = make_order()

    response = staff_client.post("/orders/bulk/inform/", {"order": [order.pk], "filter": "q=abc"})

    html = response.text
    assert response.status_code == 200 and "<html" in html
    dialog = element(html, "dialog", aria_labelledby="dialog-title")  # not the shortcuts overlay, which waits closed
    assert dialog.has("open") and element(html, "textarea", name="message") is not None
    assert 'href="/orders/?q=abc"' in html  # back to the list as it was


def test_an_unknown_action_is_404(staff_client):
    assert staff_client.post("/orders/bulk/nonsense/", {"order": "1"}).status_code == 404
    assert staff_client.post("/orders/bulk/nonsense/start/", {"order": "1"}).status_code == 404


def test_an_action_she_may_not_do_by_hand_is_403(staff_client):
    order = make_order()
    bulk.register(
        bulk.BulkAction(
            name="test-admin-only",
            label="Alleen beheerder",
            position=99,
            may=lambda user: user.has_perm("backoffice.manage_shop"),
            perform=lambda **arguments: None,
        )
    )
    try:
        assert staff_client.post("/orders/bulk/test-admin-only/", {"order": [order.pk]}).status_code == 403
        assert staff_client.post("/orders/bulk/test-admin-only/start/", {"order": [order.pk]}).status_code == 403
        assert "Alleen beheerder" not in staff_client.get("/orders/").text
    finally:
        bulk.unregister("test-admin-only")
    assert not BulkRun.objects.exists()


# --- the start --------------------------------------------------------------------------------------------------


def test_starting_goes_to_the_progress_page_and_the_job_does_the_orders(
    staff_client, django_capture_on_commit_callbacks
):
    first, second = make_order(), make_order()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/orders/bulk/mark-paid/start/", {"order": [first.pk, second.pk], "filter": ""}, headers=HTMX
        )

    run = BulkRun.objects.get()
    assert response.headers["HX-Redirect"] == f"/orders/bulk/runs/{run.pk}/"
    assert run.state == BulkRunState.DONE and run.total == 2
    assert Order.objects.filter(payment_status=PaymentStatus.PAID).count() == 2


def test_without_javascript_starting_redirects(staff_client):
    order = make_order()

    response = staff_client.post("/orders/bulk/release/start/", {"order": [order.pk]})

    run = BulkRun.objects.get()
    assert response.status_code == 302 and response.url == f"/orders/bulk/runs/{run.pk}/"


def test_a_missing_parameter_keeps_the_dialog_open_with_the_error_and_starts_nothing(staff_client):
    order = make_order()

    response = staff_client.post(
        "/orders/bulk/inform/start/", {"order": [order.pk], "message": "  ", "run_key": ""}, headers=HTMX
    )

    assert response.status_code == 422 and "Schrijf eerst een bericht aan de klant." in response.text
    assert "1 geselecteerde order" in response.text and element(response.text, "textarea", name="message")
    assert not BulkRun.objects.exists() and not OutboxMessage.objects.exists()


def test_the_same_dialog_submitted_twice_is_one_run(staff_client):
    order = make_order()
    data = {"order": [order.pk], "message": "Hallo", "run_key": "5f0c1b8e-3f41-4c52-9d4e-4b7b8f1f2a10"}

    first = staff_client.post("/orders/bulk/inform/start/", data)
    second = staff_client.post("/orders/bulk/inform/start/", data)

    assert first.url == second.url and BulkRun.objects.count() == 1


# --- the progress page ------------------------------------------------------------------------------------------


def test_the_progress_page_polls_while_running(staff, staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = runs.bulk_run_start(
            user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[make_order().pk, make_order().pk]
        )
    BulkRun.objects.filter(pk=run.pk).update(state=BulkRunState.RUNNING, updated_at=timezone.now())
    BulkRunItem.objects.filter(pk=run.items.order_by("position").first().pk).update(outcome=BulkOutcome.DONE)
    url = f"/orders/bulk/runs/{run.pk}/"

    page, partial = staff_client.get(url), staff_client.get(url, headers=HTMX)

    assert "<html" in page.text and "<html" not in partial.text
    for html in (page.text, partial.text):
        assert f'hx-get="{url}" hx-trigger="every 1s"' in html
        assert '<progress value="1" max="2"' in html and "1 van 2 orders" in html and "Betaald zetten" in html


def test_the_summary_says_what_was_done_and_links_the_refused_orders_with_their_reasons(
    staff, staff_client, django_capture_on_commit_callbacks
):
    unpaid, paid = make_order(), make_order(payment_method="ideal")
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[unpaid.pk, paid.pk])

    html = staff_client.get(f"/orders/bulk/runs/{run.pk}/", headers=HTMX).text

    assert "hx-trigger" not in html and "2 van 2 orders" in html
    assert element(html, "span", data_outcome="done").text == "1 order gedaan"
    assert element(html, "span", data_outcome="refused").text == "1 geweigerd"
    row = element(html, "tr", data_outcome="refused")
    assert row.element("a").attrs["href"] == f"/orders/{paid.number}/"
    assert "Deze order is al betaald." in row.text and unpaid.number not in html.split("<table")[1]


def test_any_staff_member_may_follow_a_colleagues_run_and_a_missing_one_is_404(
    client, staff, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.bulk_run_start(user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[make_order().pk])
    client.force_login(admin_user)

    assert client.get(f"/orders/bulk/runs/{run.pk}/").status_code == 200
    assert client.get("/orders/bulk/runs/999999/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"), [("post", "mark-paid/"), ("post", "mark-paid/start/"), ("get", "runs/{pk}/")]
)
def test_only_staff(client, staff, customer_user, method, path, django_capture_on_commit_callbacks):
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.bulk_run_start(user=staff, action=bulk.get("release"), params={}, order_ids=[order.pk])
    url = "/orders/bulk/" + path.format(pk=run.pk)
    data = {"order": [order.pk]} if method == "post" else None

    anonymous = getattr(client, method)(url, data)
    client.force_login(customer_user)
    customer = getattr(client, method)(url, data)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/?next=")
    assert customer.status_code == 403
    assert BulkRun.objects.count() == 1


@override_settings(ORDERS_PER_PAGE=2)
def test_ticking_all_on_the_page_and_posting_starts_the_pages_orders(staff_client):
    orders = [make_order() for _ in range(3)]
    shown = newest_first(*orders)[:2]

    staff_client.post("/orders/bulk/release/start/", {"page_orders": " ".join(map(str, shown))})

    assert list(BulkRun.objects.get().items.order_by("position").values_list("order_id", flat=True)) == shown


@pytest.mark.parametrize("size", [2, 30])
def test_the_progress_page_costs_the_same_queries_however_many_orders(
    staff, staff_client, size, django_capture_on_commit_callbacks, django_assert_num_queries
):
    orders = [make_order() for _ in range(size)]
    Order.objects.filter(pk__in=[order.pk for order in orders[::2]]).update(payment_status=PaymentStatus.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.bulk_run_start(
            user=staff, action=bulk.get("mark-paid"), params={}, order_ids=[order.pk for order in orders]
        )

    with django_assert_num_queries(2 + 3):  # session and user; the run, the counts, the refused orders
        html = staff_client.get(f"/orders/bulk/runs/{run.pk}/", headers=HTMX).text

    assert f"{size // 2} geweigerd" in html
