"""The Taken block, its popups, Afronden, Mijn taken and the top bar's counters, as staff use them (issue 14)."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.middleware import IdleTimeoutMiddleware
from history.models import OrderEvent
from tasks.events import TaskEventType
from tasks.models import Task, TaskStatus
from tests.backoffice.factories import StaffFactory
from tests.memos.factories import make_memo
from tests.orders.factories import make_order
from tests.support import HTMX, element, elements, parse, top
from tests.tasks.factories import make_task

pytestmark = pytest.mark.django_db


def submit_key(html: str) -> str:
    return re.search(r'name="submit_key" value="([^"]+)"', html).group(1)


def new_task(client, order, **overrides) -> dict:
    """What the Taak toevoegen popup posts, with its own submit key."""
    html = client.get(f"/orders/{order.number}/tasks/add/", headers=HTMX).text
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"submit_key": submit_key(html), "due_date": tomorrow.isoformat(), "due_time": "10:00", "status": "open",
            "priority": "normal", "description": "Pakket nasturen"}  # fmt: skip
    return data | overrides


# The block


def test_the_dashboard_shows_the_taken_block_with_its_tasks(staff_client, staff, admin_user):
    task = make_task(actor=admin_user, assignee=staff, description="Retour controleren")

    html = staff_client.get(f"/orders/{task.order.number}/").text

    row = element(html, "tr", id=f"task-{task.pk}")
    assert "Retour controleren" in row.text and "Mila de Vries" in row.text
    assert element(row_html(html, task), data_action="complete-task").text == "Afronden"


def row_html(html: str, task) -> str:
    start = html.index(f'id="task-{task.pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_block_refreshes_alone_and_overdue_tasks_stand_out(staff_client, staff):
    late = make_task(actor=staff, assignee=staff, description="Te laat")
    Task.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    on_time = make_task(order=late.order, actor=staff, assignee=staff, description="Op tijd")

    response = staff_client.get(f"/orders/{late.order.number}/blocks/tasks/", headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    block = top(response.text)
    assert block.tag == "section" and block.attrs["id"] == "block-tasks"
    assert "order-changed from:body" in block.attrs["hx-trigger"]
    assert "is-overdue" in element(response.text, "tr", id=f"task-{late.pk}").classes
    assert "is-overdue" not in element(response.text, "tr", id=f"task-{on_time.pk}").classes
    assert [row.attrs["id"] for row in elements(response.text, "tr")[1:]] == [f"task-{late.pk}", f"task-{on_time.pk}"]


def test_a_deactivated_assignees_task_stays_visible_with_a_note(admin_client, admin_user):
    leaving = StaffFactory(first_name="Piet", last_name="Weg")
    task = make_task(actor=admin_user, assignee=leaving)
    leaving.is_active = False
    leaving.save()

    html = admin_client.get(f"/orders/{task.order.number}/blocks/tasks/", headers=HTMX).text

    assert "Piet Weg" in html and "gedeactiveerd" in element(html, "tr", id=f"task-{task.pk}").text
    dialog = admin_client.get(f"/orders/{task.order.number}/tasks/{task.pk}/", headers=HTMX).text
    assert "kies wie de taak overneemt" in dialog
    assert "Piet Weg" not in element(dialog, "select", name="assignee").text  # only active colleagues


def test_a_medewerker_sees_no_change_button_on_a_colleagues_task_but_completes_hers(staff_client, staff, admin_user):
    mine = make_task(actor=admin_user, assignee=staff)
    theirs = make_task(order=mine.order, actor=admin_user, assignee=StaffFactory())

    html = staff_client.get(f"/orders/{mine.order.number}/blocks/tasks/", headers=HTMX).text

    assert parse(row_html(html, mine)).elements(data_action="complete-task")
    assert not parse(row_html(html, mine)).elements(data_action="edit-task")
    assert not parse(row_html(html, theirs)).elements(data_action="complete-task")


# Taak toevoegen


def test_the_popup_offers_active_staff_with_yourself_first_chosen(staff_client, staff):
    gone = StaffFactory(is_active=False, first_name="Oud", last_name="Collega")
    order = make_order()

    html = staff_client.get(f"/orders/{order.number}/tasks/add/", headers=HTMX).text

    assert top(html).tag == "dialog"
    select = element(html, "select", name="assignee")
    assert [option.attrs["value"] for option in select.elements("option") if option.has("selected")] == [str(staff.pk)]
    assert "Oud Collega" not in select.text and gone.pk


def test_adding_a_task_answers_with_the_block_and_fires_order_changed(staff_client, staff, admin_user):
    order = make_order()

    data = new_task(staff_client, order, assignee=admin_user.pk, priority="high")
    response = staff_client.post(f"/orders/{order.number}/tasks/add/", data, headers=HTMX)

    assert response.status_code == 200 and "order-changed" in response.headers["HX-Trigger"]
    task = Task.objects.get()
    assert (task.assignee, task.created_by, task.priority) == (admin_user, staff, "high")
    assert element(response.text, "section", id="block-tasks").attrs["hx-swap-oob"] == "true"
    assert f'id="task-{task.pk}"' in response.text
    # twice the same popup (a double click): still one task
    staff_client.post(f"/orders/{order.number}/tasks/add/", data, headers=HTMX)
    assert Task.objects.count() == 1


def test_a_time_in_the_past_comes_back_in_the_popup_with_422_and_changes_nothing(staff_client, staff):
    order = make_order()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    before = OrderEvent.objects.count()

    data = new_task(staff_client, order, assignee=staff.pk, due_date=yesterday)
    response = staff_client.post(f"/orders/{order.number}/tasks/add/", data, headers=HTMX)

    assert response.status_code == 422 and top(response.text).tag == "dialog"
    assert "al voorbij" in response.text and "HX-Trigger" not in response.headers
    assert not Task.objects.exists() and OrderEvent.objects.count() == before


def test_an_empty_description_is_refused_with_422(staff_client, staff):
    order = make_order()
    data = new_task(staff_client, order, assignee=staff.pk, description="")
    assert staff_client.post(f"/orders/{order.number}/tasks/add/", data, headers=HTMX).status_code == 422
    assert not Task.objects.exists()


# Changing and completing


def test_the_maker_reassigns_her_task_in_its_popup(staff_client, staff):
    colleague = StaffFactory(first_name="Joost", last_name="Klein")
    task = make_task(actor=staff, assignee=staff)
    url = f"/orders/{task.order.number}/tasks/{task.pk}/"
    due = timezone.localtime(task.due_at)

    data = {"assignee": colleague.pk, "due_date": due.date().isoformat(), "due_time": due.strftime("%H:%M"),
            "status": "in_progress", "priority": "normal", "description": task.description}  # fmt: skip
    response = staff_client.post(url, data, headers=HTMX)

    assert response.status_code == 200 and "order-changed" in response.headers["HX-Trigger"]
    task.refresh_from_db()
    assert (task.assignee, task.status) == (colleague, "in_progress")


def test_a_medewerker_opening_a_colleagues_task_sees_why_she_cannot_change_it(staff_client, admin_user, staff):
    task = make_task(actor=admin_user, assignee=staff)

    html = staff_client.get(f"/orders/{task.order.number}/tasks/{task.pk}/", headers=HTMX).text

    assert "Alleen wie de taak aanmaakte" in element(html, role="alert").text
    assert not parse(html).elements("button", type="submit")


def test_completing_is_one_click_and_refreshes_the_block(staff_client, staff, admin_user):
    task = make_task(actor=admin_user, assignee=staff)

    response = staff_client.post(f"/orders/{task.order.number}/tasks/{task.pk}/complete/", headers=HTMX)

    assert response.status_code == 200 and "order-changed" in response.headers["HX-Trigger"]
    assert "Afgerond" in element(response.text, "tr", id=f"task-{task.pk}").text
    assert Task.objects.get().status == TaskStatus.DONE
    assert OrderEvent.objects.filter(order=task.order).last().type == TaskEventType.TASK_COMPLETED


def test_a_refused_completion_answers_422_with_the_reason_and_changes_nothing(staff_client, admin_user):
    task = make_task(actor=admin_user, assignee=StaffFactory())

    response = staff_client.post(f"/orders/{task.order.number}/tasks/{task.pk}/complete/", headers=HTMX)

    assert response.status_code == 422 and "Alleen wie de taak aanmaakte" in response.text
    assert Task.objects.get().status == "open"


def test_a_task_of_another_order_is_not_found(staff_client, staff):
    task = make_task(actor=staff, assignee=staff)
    other = make_order()
    assert staff_client.post(f"/orders/{other.number}/tasks/{task.pk}/complete/").status_code == 404


# Mijn taken


def test_mijn_taken_lists_my_open_tasks_by_due_time_each_linking_to_its_order(staff_client, staff, admin_user):
    later = make_task(actor=admin_user, assignee=staff, due_at=timezone.now() + timedelta(days=3), description="Later")
    sooner = make_task(actor=admin_user, assignee=staff, description="Eerst")
    done = make_task(actor=staff, assignee=staff, description="Klaar")
    done.status = TaskStatus.DONE
    done.save()
    make_task(actor=admin_user, assignee=admin_user, description="Van de beheerder")

    html = staff_client.get("/tasks/").text

    rows = [row.attrs["id"] for row in elements(html, "tr")[1:]]
    assert rows == [f"task-{sooner.pk}", f"task-{later.pk}"]
    assert element(html, "a", href=f"/orders/{sooner.order.number}/").text == sooner.order.number
    assert element(html, "a", aria_current="page").text == "Mijn taken"

    with_done = staff_client.get("/tasks/", {"include_done": "on"}, headers=HTMX).text
    assert f"task-{done.pk}" in with_done and "<html" not in with_done
    only_done = staff_client.get("/tasks/", {"status": "done"}, headers=HTMX).text
    assert [row.attrs["id"] for row in elements(only_done, "tr")[1:]] == [f"task-{done.pk}"]


def test_a_medewerker_sees_only_her_own_tasks_a_beheerder_everyones(client, staff, admin_user):
    hers = make_task(actor=admin_user, assignee=staff, description="Voor Mila")
    mine = make_task(actor=admin_user, assignee=admin_user, description="Voor Anne")

    client.force_login(staff)
    sneaky = client.get("/tasks/", {"assignee": "all"}).text
    assert "Voor Mila" in sneaky and "Voor Anne" not in sneaky
    assert not parse(sneaky).elements("select", name="assignee")

    client.force_login(admin_user)
    admin_client = client
    own = admin_client.get("/tasks/").text
    assert "Voor Anne" in own and "Voor Mila" not in own
    everyone = admin_client.get("/tasks/", {"assignee": "all"}).text
    assert f"task-{hers.pk}" in everyone and f"task-{mine.pk}" in everyone and "Mila de Vries" in everyone
    one = admin_client.get("/tasks/", {"assignee": str(staff.pk)}).text
    assert "Voor Mila" in one and "Voor Anne" not in one


def many_tasks(user, count: int) -> None:
    """`count` open tasks for `user` over 20 orders (bulk: this is about reading them)."""
    orders = [make_order() for _ in range(20)]
    start = timezone.now() + timedelta(hours=1)
    Task.objects.bulk_create(
        Task(order=orders[n % 20], assignee=user, created_by=user, due_at=start + timedelta(minutes=n),
             description=f"Taak {n}")
        for n in range(count)
    )  # fmt: skip


def test_mijn_taken_has_pinned_queries_with_1000_tasks(staff_client, staff, django_assert_num_queries):
    many_tasks(staff, 10)
    # session, user, her permissions (one query: menu, what she may do), the page of tasks with their orders
    with django_assert_num_queries(3 + 1):
        staff_client.get("/tasks/")
    many_tasks(staff, 990)
    with django_assert_num_queries(3 + 1):
        html = staff_client.get("/tasks/").text
    assert len(elements(html, "tr")) == 1 + 50 and "Volgende" in html
    with django_assert_num_queries(2 + 1 + 1):  # an HTMX page: no menu, still the permissions for the rows
        staff_client.get("/tasks/", {"page": "20"}, headers=HTMX)


# The top bar's counters


def test_the_shell_loads_the_counters_after_the_page_and_on_every_order_change(staff_client):
    html = staff_client.get("/orders/").text

    counters = element(html, id="header-counters")
    assert counters.attrs["hx-get"] == "/counters/"
    assert counters.attrs["hx-trigger"] == "load, every 30s, order-changed from:body"
    assert counters.text == ""  # the page itself pays nothing for them


def counter(html: str, name: str):
    return element(html, "a", data_counter=name)


def test_the_counters_show_my_open_tasks_overdue_and_unread_memos(staff_client, staff, admin_user):
    make_task(actor=admin_user, assignee=staff)
    late = make_task(actor=admin_user, assignee=staff)
    Task.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    make_task(actor=admin_user, assignee=admin_user)
    make_memo(actor=admin_user, addressee=staff)

    html = staff_client.get("/counters/", headers=HTMX).text

    tasks = counter(html, "tasks")
    assert tasks.text.split() == ["Taken", "2"] and "is-urgent" in tasks.classes
    assert tasks.attrs["aria-label"] == "Mijn taken: 2 open, waarvan 1 te laat" and tasks.attrs["href"] == "/tasks/"
    assert counter(html, "memos").text.split() == ["Memo's", "1"]


def test_a_task_assigned_to_me_raises_my_counter_through_the_event(client, staff, admin_user):
    order = make_order()
    client.force_login(staff)
    assert counter(client.get("/counters/", headers=HTMX).text, "tasks").text.split() == ["Taken", "0"]

    client.force_login(admin_user)
    data = new_task(client, order, assignee=staff.pk)
    response = client.post(f"/orders/{order.number}/tasks/add/", data, headers=HTMX)
    assert "order-changed" in response.headers["HX-Trigger"]  # the Beheerder's own counters refresh at once

    client.force_login(staff)  # the Medewerker's page polls
    assert counter(client.get("/counters/", headers=HTMX).text, "tasks").text.split() == ["Taken", "1"]


def test_the_counters_have_pinned_queries(staff_client, staff, admin_user, django_assert_num_queries):
    for _ in range(5):
        make_task(actor=admin_user, assignee=staff)
        make_memo(actor=admin_user, addressee=staff)
    with django_assert_num_queries(2 + 2):  # session, user; open and overdue tasks in one; unread memos
        staff_client.get("/counters/", headers=HTMX)


def test_polling_the_counters_is_not_activity_for_the_idle_timeout(settings, staff_client):
    settings.BACKOFFICE_IDLE_TIMEOUT = timedelta(minutes=5)
    ten_minutes_ago = int(time.time()) - 4 * 60
    session = staff_client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = ten_minutes_ago
    session.save()

    assert staff_client.get("/counters/", headers=HTMX).status_code == 200
    assert staff_client.session[IdleTimeoutMiddleware.SESSION_KEY] == ten_minutes_ago  # the clock did not move

    staff_client.get("/orders/")  # a page she asked for is
    assert staff_client.session[IdleTimeoutMiddleware.SESSION_KEY] > ten_minutes_ago


def test_a_poll_after_the_idle_timeout_sends_the_page_to_the_login(settings, staff_client):
    settings.BACKOFFICE_IDLE_TIMEOUT = timedelta(minutes=5)
    session = staff_client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - 6 * 60
    session.save()

    headers = HTMX | {"HX-Current-URL": "http://testserver/orders/ORD1/"}
    response = staff_client.get("/counters/", headers=headers)

    assert response.headers["HX-Redirect"] == "/login/?next=/orders/ORD1/"
    assert "_auth_user_id" not in staff_client.session


def test_a_beheerder_finds_a_deactivated_colleagues_tasks_in_mijn_taken(admin_client, admin_user):
    leaving = StaffFactory(first_name="Piet", last_name="Weg")
    task = make_task(actor=admin_user, assignee=leaving, description="Van Piet")
    leaving.is_active = False
    leaving.save()

    html = admin_client.get("/tasks/", {"assignee": str(leaving.pk)}).text

    assert element(html, "option", value=str(leaving.pk)).text == "Piet Weg (gedeactiveerd)"
    assert f"task-{task.pk}" in html and "gedeactiveerd" in element(html, "tr", id=f"task-{task.pk}").text


def test_the_dashboard_reads_tasks_and_memos_only_for_an_order_that_has_them(staff_client, staff):
    """The dashboard's order query says whether the order has tasks and memos (backoffice.blocks presence): an
    order without skips the Taken and Memo blocks' queries, one with them reads and shows both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain, busy = make_order(), make_order()
    task = make_task(order=busy, actor=staff, description="Bel de klant over de levering")
    memo = make_memo(order=busy, actor=staff, text="Klant wil alles in één doos")
    counts, pages = {}, {}
    for order in (plain, busy):
        staff_client.get(f"/orders/{order.number}/")
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(f"/orders/{order.number}/")
        counts[order.pk], pages[order.pk] = len(queries), response.text
    assert counts[busy.pk] == counts[plain.pk] + 2  # the tasks, the memos
    assert task.description in pages[busy.pk] and memo.text in pages[busy.pk]
    assert task.description not in pages[plain.pk] and memo.text not in pages[plain.pk]
