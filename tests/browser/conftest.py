"""Playwright against the OS Chromium and pytest-django's live server.

One browser for the whole session; a fresh context (cookies, storage) and page for every test.
A failing test leaves a screenshot in var/browser-failures/. A page that breaks the Content-Security-Policy
(an inline script or style, an event handler attribute, anything from another origin) fails the test that saw it:
Chromium reports each violation on the console.
"""

import os
import re
import shutil
import threading
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread
# unless told that it is safe (it is: the test body and the live server never share a connection).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "secret-password"  # tests.backoffice.factories.UserFactory
FAILURES = Path(__file__).resolve().parents[2] / "var" / "browser-failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_call_failed] = report.failed
    return report


_call_failed = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def browser() -> Browser:
    shutil.rmtree(FAILURES, ignore_errors=True)  # only this run's failures
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        # Leaving sync_playwright() leaves this thread in another contextvars context, where Django's `connections`
        # (an asgiref.Local) is a fresh, unconnected handler. The session's database teardown runs after this and
        # would close nothing, so the test database could not be dropped ("is being accessed by other users").
        connections.close_all()
        browser.close()


class RequestsInFlight:
    """Wraps the live server's WSGI application to count the requests it is still answering.

    Closing a browser context does not stop the server threads already answering its requests (a dashboard's blocks
    load in parallel). pytest-django then empties the tables with one TRUNCATE of all of them, which takes their locks
    one by one, while a SELECT still being planned holds one table and waits for the next: PostgreSQL ends the deadlock
    by failing the flush, and the next test finds the last one's rows. So a test ends only when the server is idle.
    """

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            response = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _ClosingResponse(response, self._done)

    def _done(self) -> None:
        with self.idle:
            self.count -= 1
            if not self.count:
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.idle:
            return self.idle.wait_for(lambda: not self.count, timeout)


class _ClosingResponse:
    """The response as the server iterates it; closing it (the server always does, also when the browser has gone)
    runs Django's request_finished first, then counts the request as answered."""

    def __init__(self, response, done):
        self.response = response
        self.done = done

    def __iter__(self):
        return iter(self.response)

    def close(self) -> None:
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.done()


@pytest.fixture(scope="session")
def requests_in_flight(live_server) -> RequestsInFlight:
    httpd = live_server.thread.httpd
    counter = RequestsInFlight(httpd.get_app())
    httpd.set_app(counter)
    return counter


@pytest.fixture
def context(browser, live_server, requests_in_flight) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()
    # Before pytest-django empties the database (see RequestsInFlight).
    if not requests_in_flight.wait_until_idle(timeout=30):
        warnings.warn("The live server was still answering requests 30 s after the test ended.", stacklevel=1)


@pytest.fixture
def page(context, request) -> Page:
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: _note_violation(violations, page, message))
    yield page
    if request.node.stash.get(_call_failed, False):
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=FAILURES / f"{name}.png", full_page=True)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


def _note_violation(violations: list[str], page: Page, message) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"{page.url}: {message.text}")


def _log_in(page: Page, user, password: str = PASSWORD) -> None:
    """Log in through the login form, whatever language it speaks; ends on the page it redirects to."""
    page.goto("/login/")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


@pytest.fixture
def log_in():
    """`log_in(page, user)`: through the real login form."""
    return _log_in


def _logged_in(page: Page, user, live_server) -> Page:
    """A session made on the server and handed to the browser: the login form has its own tests."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page.goto("/orders/")
    return page


@pytest.fixture
def staff_page(page, staff, live_server) -> Page:
    """A page logged in as a Medewerker (Mila de Vries), on VERKOOP > Orders."""
    return _logged_in(page, staff, live_server)


@pytest.fixture
def admin_page(page, admin_user, live_server) -> Page:
    """A page logged in as a Beheerder (Anne Bakker), on VERKOOP > Orders."""
    return _logged_in(page, admin_user, live_server)


class Document:
    """Tells an HTMX swap from a full page load: a tag on `window` survives the first, not the second."""

    def __init__(self, page: Page):
        self.page = page

    def mark(self) -> None:
        self.page.evaluate("window.__sameDocument = true")

    def is_same(self) -> bool:
        return self.page.evaluate("window.__sameDocument === true")


@pytest.fixture
def document(page) -> Document:
    return Document(page)
