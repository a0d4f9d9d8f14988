"""The simulated staff of the load test (issue 18, "Many people at once"): `make load` runs this through bench/load.py.

Each locust user is one staff member with her own login. After logging in she works through a shuffled deck of
cards, one card per click, with think time between clicks (the plan's `think`, 1–5 s by default: a person reads
a page before the next click). A deck holds every kind of work `MIX` names as often as its weight, so over one deck
each kind comes once or more and the mix holds whatever the run's length. What the browser does besides the click
is done too: a full page asks for the top bar's counters right after it loads (and the orders list for its saved
views' tab counts), every open page polls the counters every 30 s, and an action that fires `order-changed` makes
every block on the dashboard that listens for it ask for itself again.

Everything the user needs comes from the plan, a JSON file bench/load.py writes from the database (LOAD_PLAN):
the accounts, orders to open, names / postcodes / numbers to search for, filters, sorts, deep-page cursors and per
action a pool of orders it applies to (unpaid ones for Betaald, unshipped ones for Verzonden, …), each taken once.
Every response is checked (status and content); a failed check is a locust failure and fails the run. The raw
timings go to LOAD_RESULTS (JSON) when locust quits, so bench/load.py computes exact percentiles per kind.

Not importable from the test process: importing locust monkey-patches the standard library (gevent).
"""

import json
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# Cards per deck: the weight of each kind of work in the mix.
MIX = {
    "list_first": 3,  # VERKOOP > Orders, the first page
    "list_filter": 3,  # a filter chosen in the filter bar (HTMX)
    "list_sort": 2,  # a column header (HTMX)
    "search_name": 3,  # the search box: a surname
    "search_postcode": 2,  # … a postcode, typed either way
    "search_number": 3,  # … an order number
    "deep_page": 1,  # far down the list (a keyset cursor)
    "dashboard": 6,  # an order's page
    "tab_customer": 2,  # the order's tabs (HTMX), of the order last opened
    "tab_products": 2,
    "tab_invoices": 1,
    "tab_shipments": 1,
    "tab_history": 2,
    "paid": 1,  # Betaald
    "shipped": 1,  # Verzonden with a Track & Trace code
    "inform": 1,  # Klant inlichten: the dialog, Voorbeeld, Versturen
    "memo_add": 1,  # Memo toevoegen
    "task_add": 1,  # Taak toevoegen
}

# The request names (kinds) the report groups by; GET kinds are pages, whose p95 target bench/load.py checks.
TABS = {
    "tab_customer": ("customer", "tab: Klant"),
    "tab_products": ("products", "tab: Producten"),
    "tab_invoices": ("invoices", "tab: Facturen"),
    "tab_shipments": ("shipments", "tab: Verzendingen"),
    "tab_history": ("history", "tab: Geschiedenis"),
}
TAB_PATHS = {
    "customer": "customer/",
    "products": "products/",
    "invoices": "invoices/",
    "shipments": "shipments/",
    "history": "history/",
}
KINDS = [
    "login",
    "list: first page",
    "list: filter",
    "list: sort",
    "list: tab counts",
    "search: name",
    "search: postcode",
    "search: order number",
    "list: deep page",
    "dashboard",
    *(name for _key, name in TABS.values()),
    "counters",
    "block refresh",
    "dialog: Klant inlichten",
    "dialog: memo",
    "dialog: taak",
    "action: Betaald",
    "action: Verzonden + T&T",
    "action: Klant inlichten (voorbeeld)",
    "action: Klant inlichten",
    "action: memo",
    "action: taak",
]

HTMX = {"HX-Request": "true"}
CSRF_IN_PAGE = re.compile(r'"x-csrftoken": "([^"]+)"')
CSRF_IN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _load_plan() -> dict:
    path = os.environ.get("LOAD_PLAN")
    if not path:
        raise RuntimeError("LOAD_PLAN is not set: bench/load.py writes the plan and runs locust (make load)")
    with open(path) as file:
        return json.load(file)


PLAN = _load_plan()
ACCOUNTS = iter(PLAN["accounts"])
POOLS = {action: iter(numbers) for action, numbers in PLAN["pools"].items()}
RESULTS = {"records": [], "pool_used": {action: 0 for action in PLAN["pools"]}, "exhausted": [], "kinds": KINDS,
           "steady_started": None, "ended": None}  # fmt: skip
STEADY = [False]  # flips `settle_seconds` after every user of the plan has logged in: the measured part starts
LOGGED_IN = [0]
FINISHED_USERS = [0]


def _measure(runner) -> None:
    """The measured part: `measure_seconds` of everyone at work, then the run ends (locust's --run-time is only a
    bound, so a slow login rush does not shorten it)."""
    STEADY[0] = True
    RESULTS["steady_started"] = time.time()
    gevent.spawn_later(PLAN["measure_seconds"], runner.quit)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    error = f"{type(exception).__name__}: {exception}"[:300] if exception else ""
    RESULTS["records"].append([name, request_type, round(response_time, 2), STEADY[0], error])


@events.quitting.add_listener
def _write_results(**_kwargs):
    RESULTS["ended"] = time.time()
    if path := os.environ.get("LOAD_RESULTS"):
        with open(path, "w") as file:
            json.dump(RESULTS, file)


class Forms(HTMLParser):
    """The forms of a page or partial (action → {field: value}, what the browser would submit unchanged) and the
    URLs of the elements that refresh themselves on `order-changed`."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, dict[str, str]] = {}
        self.refresh: list[str] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        trigger = attributes.get("hx-trigger") or ""
        if attributes.get("hx-get") and "order-changed from:body" in trigger and attributes["hx-get"] != "/counters/":
            self.refresh.append(attributes["hx-get"])  # the counters are asked for after every action anyway
        if tag == "form":
            self._form = self.forms.setdefault(attributes.get("action") or attributes.get("hx-post") or "", {})
        elif self._form is None:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button"):
                self._form[attributes["name"]] = attributes.get("value") or ""
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select:
            if self._select not in self._form or "selected" in attributes:
                self._form[self._select] = attributes.get("value") or ""
        elif tag == "textarea" and attributes.get("name"):
            self._textarea = attributes["name"]
            self._form[self._textarea] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Check(Exception):
    """A response that is not what the page must be: a failure of the run."""


class Staff(HttpUser):
    """One staff member at work: logs in, then one card of the deck per click."""

    def wait_time(self) -> float:
        low, high = PLAN["think"]
        return random.uniform(low, high)

    def on_start(self) -> None:
        try:
            self.account = next(ACCOUNTS)
        except StopIteration:
            raise RuntimeError("more users than accounts in the plan") from None
        self.deck: list[str] = []
        self.decks_done = 0
        self.order: str | None = None
        self.csrf = ""
        self.next_poll = time.monotonic() + PLAN["poll_seconds"]
        # A browser sends a GET again when the server closed the kept-alive connection it reused (gunicorn replaces a
        # worker after max_requests and closes its connections); so does this client, once. A POST is never resent.
        retry = Retry(total=1, connect=1, read=1, status=0, other=0, allowed_methods={"GET"}, raise_on_status=False)
        self.client.mount("http://", HTTPAdapter(max_retries=retry))
        self.login()

    # --- HTTP -----------------------------------------------------------------------------------------------

    def call(self, method: str, path: str, name: str, *, expect=(), htmx=False, data=None, status=200, redirect=True):
        """One request, checked: the status and every text in `expect`; a partial never holds a whole page."""
        headers = dict(HTMX) if htmx else {}
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf
        with self.client.request(
            method, path, name=name, headers=headers, data=data, allow_redirects=redirect, catch_response=True
        ) as response:
            self._plain_cookies()
            text = response.text or ""
            problems = []
            if response.status_code != status:
                problems.append(f"status {response.status_code}, expected {status}")
            problems += [f"missing {part!r}" for part in expect if part not in text]
            if htmx and "<html" in text:
                problems.append("a whole page where a partial was asked for")
            if problems:
                response.failure(f"{method} {path}: {'; '.join(problems)}")
            elif match := CSRF_IN_PAGE.search(text):
                self.csrf = match.group(1)
        if problems:  # outside the with: locust's context manager would swallow it
            raise Check(f"{name}: {problems[0]}")
        return response

    def _plain_cookies(self) -> None:
        """The production settings mark the cookies Secure; this client speaks plain HTTP on the loopback (like
        bench/run.py's), so it sends them anyway."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, path: str, name: str, *, expect=(), tab_counts=False):
        """A whole page as the browser loads it: the page, then the counters it asks for (and the list's tab counts)."""
        response = self.call("GET", path, name, expect=expect)
        self.counters()
        if tab_counts:
            self.call("GET", "/orders/views/counts/", "list: tab counts", htmx=True, expect=("saved-view-all-count",))
        return response

    def counters(self) -> None:
        self.call("GET", "/counters/", "counters", htmx=True, expect=('data-counter="tasks"',))
        self.next_poll = time.monotonic() + PLAN["poll_seconds"]

    def login(self) -> None:
        response = self.call("GET", "/login/", "login")
        match = CSRF_IN_FORM.search(response.text)
        form = {"csrfmiddlewaretoken": match.group(1) if match else "", **self.account}
        self.call("POST", "/login/", "login", data=form, status=302, redirect=False)
        LOGGED_IN[0] += 1
        if LOGGED_IN[0] == len(PLAN["accounts"]):  # everyone is at work: after the settle time it counts
            gevent.spawn_later(PLAN["settle_seconds"], _measure, self.environment.runner)
        self.page("/orders/", "list: first page", expect=('id="order-results"',), tab_counts=True)

    # --- the deck ---------------------------------------------------------------------------------------------

    @task
    def click(self) -> None:
        if time.monotonic() >= self.next_poll:
            self.counters()
        if not self.deck:
            if PLAN.get("decks") and self.decks_done >= PLAN["decks"]:
                self.finish()
            self.deck = [card for card, weight in MIX.items() for _ in range(weight)]
            random.shuffle(self.deck)
            self.decks_done += 1
        card = self.deck.pop()
        try:
            getattr(self, card)() if hasattr(self, card) else self.tab(card)
        except Check:
            pass  # recorded as a failure already; the next click starts afresh

    def finish(self) -> None:
        """A plan with `decks` (the test's): this user is done; the last one done ends the run."""
        FINISHED_USERS[0] += 1
        if FINISHED_USERS[0] >= len(PLAN["accounts"]) or FINISHED_USERS[0] >= self.environment.runner.user_count:
            self.environment.runner.quit()
        raise StopUser()

    def list_partial(self, query: dict, name: str, expect=()):
        path = f"/orders/?{urlencode(query, quote_via=quote)}"
        self.call("GET", path, name, htmx=True, expect=('id="order-results"', *expect))

    def list_first(self) -> None:
        self.page("/orders/", "list: first page", expect=('id="order-results"',), tab_counts=True)

    def list_filter(self) -> None:
        self.list_partial(dict(random.choice(PLAN["filters"])), "list: filter")

    def list_sort(self) -> None:
        self.list_partial({"sort": random.choice(PLAN["sorts"])}, "list: sort")

    def search_name(self) -> None:
        self.list_partial({"q": random.choice(PLAN["names"])}, "search: name")

    def search_postcode(self) -> None:
        self.list_partial({"q": random.choice(PLAN["postcodes"])}, "search: postcode")

    def search_number(self) -> None:
        number = random.choice(PLAN["orders"])
        self.list_partial({"q": number}, "search: order number", expect=(f"/orders/{number}/",))

    def deep_page(self) -> None:
        self.page(random.choice(PLAN["deep"]), "list: deep page", expect=('id="order-results"',), tab_counts=True)

    def dashboard(self, number: str | None = None) -> Forms:
        number = number or random.choice(PLAN["orders"])
        response = self.page(
            f"/orders/{number}/", "dashboard", expect=(f"Order {number}", 'data-tab-content="dashboard"')
        )
        self.order = number
        return Forms(response.text)

    def tab(self, card: str) -> None:
        key, name = TABS[card]
        if self.order is None:
            self.dashboard()
            self.wait()
        path = f"/orders/{self.order}/{TAB_PATHS[key]}"
        self.call("GET", path, name, htmx=True, expect=(f'data-tab-content="{key}"',))

    # --- actions: open the order, read, act through the real form, then the blocks refresh ---------------------

    def fail(self, name: str, message: str) -> None:
        """A failed check outside a response (no form where one must be, an empty pool): a failure of the run."""
        events.request.fire(request_type="CHECK", name=name, response_time=0, response_length=0,
                            response=None, context={}, exception=RuntimeError(message))  # fmt: skip
        raise Check(f"{name}: {message}")

    def pooled(self, action: str) -> str:
        number = next(POOLS[action], None)
        if number is None:
            RESULTS["exhausted"].append(action)
            self.fail(f"pool: {action}", f"no order left in the pool of {action!r}")
        RESULTS["pool_used"][action] += 1
        return number

    def act(self, name: str, path: str, data: dict, refresh: list[str]) -> None:
        response = self.call("POST", path, name, htmx=True, data=data)
        if "order-changed" not in (response.headers.get("HX-Trigger") or ""):
            self.fail(name, f"POST {path}: no order-changed in HX-Trigger")
        for url in refresh:  # what htmx does on order-changed: every listening block asks for itself
            self.call("GET", url, "block refresh", htmx=True)
        self.counters()

    def button(self, action: str, name: str, form_path: str, fill: dict | None = None) -> None:
        """A button on the dashboard (Betaald, Verzonden): open the order, read, submit the block's form."""
        number = self.pooled(action)
        forms = self.dashboard(number)
        path = form_path.format(number=number)
        if path not in forms.forms:
            self.fail(name, f"order {number}: no form {path} on the dashboard")
        self.wait()
        self.act(name, path, {**forms.forms[path], **(fill or {})}, forms.refresh)

    def paid(self) -> None:
        self.button("paid", "action: Betaald", "/orders/{number}/payment/paid/")

    def shipped(self) -> None:
        code = f"3SLOAD{uuid.uuid4().hex[:10].upper()}"
        self.button("shipped", "action: Verzonden + T&T", "/orders/{number}/shipping/shipped/", {"tracking_code": code})

    def dialog(self, action: str, name: str, path: str) -> tuple[str, Forms, dict]:
        """A popup of the order: open the order, open the dialog, read its form."""
        number = self.pooled(action)
        page = self.dashboard(number)
        self.wait()
        path = path.format(number=number)
        response = self.call("GET", path, name, htmx=True, expect=("<form",))
        forms = Forms(response.text)
        if path not in forms.forms:
            self.fail(name, f"no form posting to {path} in the dialog")
        return path, page, forms.forms[path]

    def inform(self) -> None:
        path, page, form = self.dialog("inform", "dialog: Klant inlichten", "/orders/{number}/customer/inform/")
        self.wait()
        form["message"] = "Uw bestelling is onderweg; u hoort morgen meer van ons. (laadtest)"
        preview = self.call("POST", path, "action: Klant inlichten (voorbeeld)", htmx=True,
                            data={**form, "preview": "1"}, expect=("email-preview",))  # fmt: skip
        form = Forms(preview.text).forms.get(path, form)
        self.wait()
        self.act("action: Klant inlichten", path, {**form, "send": "1"}, page.refresh)

    def memo_add(self) -> None:
        path, page, form = self.dialog("memo_add", "dialog: memo", "/orders/{number}/memos/add/")
        self.wait()
        form["text"] = "Klant belde: graag vóór vrijdag leveren. (laadtest)"
        self.act("action: memo", path, form, page.refresh)

    def task_add(self) -> None:
        path, page, form = self.dialog("task_add", "dialog: taak", "/orders/{number}/tasks/add/")
        self.wait()
        form["description"] = "Nabellen over de levering. (laadtest)"
        form.pop("notify", None)  # no e-mail to the colleague (oneself)
        self.act("action: taak", path, form, page.refresh)
