"""Taken and Memo between two colleagues, each in her own browser (issue 14).

The Beheerder adds a task for the Medewerker, due tomorrow 10:00, and a memo to her; the Medewerker, already at
work on another page, sees both counters go up without a reload, opens Mijn taken, opens the order, sees the memo
highlighted and completes the task; the Beheerder sees it completed in the block and in the history.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tasks.models import Task, TaskStatus
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def colleague_page(browser, live_server, staff):
    """A second browser (its own cookies) where the Medewerker, Mila de Vries, is logged in on VERKOOP > Orders."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(10_000)
    violations = []
    page = context.new_page()
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto("/orders/")
    yield page
    context.close()
    assert not violations, violations


def counter(page, name: str):
    return page.locator(f'#header-counters [data-counter="{name}"] .header-counter-count')


def test_a_task_and_a_memo_reach_the_colleague_who_completes_the_task(admin_page, colleague_page, document, settings):
    settings.BACKOFFICE_COUNTER_POLL_SECONDS = 1  # the top bar asks every second instead of every 30
    order = make_order()
    beheerder, mila = admin_page, colleague_page
    mila.reload()  # her page with the fast poll
    expect(counter(mila, "tasks")).to_have_text("0")
    expect(counter(mila, "memos")).to_have_text("0")

    # The Beheerder adds a task for Mila, due tomorrow at 10:00 …
    beheerder.goto(f"/orders/{order.number}/")
    document.mark()
    block = beheerder.locator("#block-tasks")
    expect(block).to_contain_text("Deze order heeft geen taken.")
    block.get_by_role("button", name="Taak toevoegen").click()
    dialog = beheerder.get_by_role("dialog", name="Taak toevoegen")
    dialog.get_by_label("Toegewezen aan").select_option(label="Mila de Vries")
    tomorrow = timezone.localdate() + timedelta(days=1)
    dialog.get_by_label("Datum").fill(tomorrow.isoformat())
    dialog.get_by_label("Tijd").fill("10:00")
    dialog.get_by_label("Omschrijving").fill("Klant terugbellen over de levering")
    dialog.get_by_label("Prioriteit").select_option(label="Hoog")
    dialog.get_by_role("button", name="Toevoegen").click()
    expect(beheerder.get_by_role("dialog")).to_have_count(0)
    row = block.locator("tr", has_text="Klant terugbellen over de levering")
    expect(row).to_contain_text("Mila de Vries")
    expect(row).to_contain_text("10:00")

    # … and a memo to her, counting down as it is typed
    beheerder.locator("#block-memos").get_by_role("button", name="Memo toevoegen").click()
    dialog = beheerder.get_by_role("dialog", name="Memo toevoegen")
    dialog.get_by_label("Aan").select_option(label="Mila de Vries")
    dialog.get_by_label("Memo").press_sequentially("Zie https://example.com/levering")
    expect(dialog.locator(".char-counter")).to_have_text("468 tekens over")
    dialog.get_by_role("button", name="Toevoegen").click()
    expect(beheerder.locator("#block-memos .memo")).to_contain_text("Anne Bakker aan Mila de Vries")
    assert document.is_same()

    # Mila, still on the orders list, sees both counters go up without a reload
    expect(counter(mila, "tasks")).to_have_text("1")
    expect(counter(mila, "memos")).to_have_text("1")
    assert mila.url.endswith("/orders/")

    # Mijn taken: her task, linking to its order
    mila.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn taken").click()
    expect(mila.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    task_row = mila.locator("#task-results tbody tr")
    expect(task_row).to_have_count(1)
    expect(task_row).to_contain_text("Klant terugbellen over de levering")
    task_row.get_by_role("link", name=order.number).click()
    expect(mila).to_have_url(re.compile(rf"/orders/{order.number}/$"))

    # the memo is highlighted for her (and its link works), and her memo counter goes back to 0
    memo = mila.locator("#block-memos .memo")
    expect(memo).to_have_class(re.compile(r"\bis-unread\b"))
    expect(memo).to_contain_text("Nieuw voor u")
    expect(memo.get_by_role("link", name="https://example.com/levering")).to_have_attribute(
        "href", "https://example.com/levering"
    )
    expect(counter(mila, "memos")).to_have_text("0")

    # she completes the task with one click; her task counter follows
    mila.locator("#block-tasks").get_by_role("button", name=re.compile("Afronden")).click()
    expect(mila.locator("#block-tasks tbody tr")).to_contain_text("Afgerond")
    expect(counter(mila, "tasks")).to_have_text("0")
    assert Task.objects.get().status == TaskStatus.DONE

    # the Beheerder sees it completed in the block and in the history
    beheerder.reload()
    expect(beheerder.locator("#block-tasks tbody tr")).to_contain_text("Afgerond")
    expect(beheerder.locator("#block-tasks tbody tr")).to_contain_text("Mila de Vries")
    beheerder.get_by_role("tab", name="Geschiedenis").click()
    timeline = beheerder.locator(".timeline")
    expect(timeline).to_contain_text(
        "Taak “Klant terugbellen over de levering” afgerond (toegewezen aan Mila de Vries)."
    )
    expect(timeline).to_contain_text("Taak voor Mila de Vries")
    expect(timeline).to_contain_text("Memo aan Mila de Vries: “Zie https://example.com/levering”")
