"""What every answer of the backoffice says to the browser: a strict Content-Security-Policy (development, tests and
production alike), no caching of anything with customer data, and no stored file served outside the views that
check who asks. Pages are scanned for inline code in tests/test_permissions.py (every GET page of the URL conf)."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import clear_url_caches, get_resolver

import backoffice.urls
from invoicing.models import InvoiceDocument
from invoicing.services import invoice_document_render
from shipping.printing import services as bulk
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order
from tests.shipping.factories import make_shipment

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: https://tile.openstreetmap.org",  # the map tiles (addresses; MAP_TILE_URL)
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().partition(" ")[::2] for part in header.split(";"))


def test_every_page_and_the_login_carry_the_strict_policy(staff_client):
    for response in (Client().get("/login/"), staff_client.get("/orders/"), staff_client.get("/orders/NOPE/")):
        assert directives(response["Content-Security-Policy"]) == POLICY
        assert "unsafe" not in response["Content-Security-Policy"]


# The production settings as the image runs them, except that static files come from the finders (the manifest
# exists only after collectstatic).
PRODUCTION_AS_TESTED = """
from backoffice.settings.production import *
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
"""
PRODUCTION_REQUEST = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test import Client
response = Client().get("/login/", secure=True)
print(response.status_code)
print(response["Content-Security-Policy"])
print(response["Cache-Control"])
print("django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE)
"""


def test_production_answers_with_the_same_policy_and_no_caching(tmp_path):
    (tmp_path / "production_as_tested.py").write_text(PRODUCTION_AS_TESTED)
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DJANGO_SETTINGS_MODULE": "production_as_tested",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "EMAIL_HOST": "smtp.example.com",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUEST], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    status, policy, cache_control, has_middleware = result.stdout.splitlines()
    assert (status, directives(policy), cache_control, has_middleware) == ("200", POLICY, "private, no-store", "True")


def test_pages_partials_and_the_login_are_not_stored(staff_client):
    invoice = make_invoice()
    for response in (
        Client().get("/login/"),
        staff_client.get("/orders/"),
        staff_client.get(f"/orders/{invoice.order.number}/"),
        staff_client.get(f"/orders/{invoice.order.number}/customer/", headers={"HX-Request": "true"}),
        staff_client.get(f"/customers/{invoice.order.customer_id}/"),
    ):
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_invoice_and_packing_slip_pdfs_and_print_jobs_are_not_stored(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    for document in InvoiceDocument.objects.filter(invoice__order=order):
        invoice_document_render(document_id=document.pk)
    shipment = make_shipment(order, actor=staff)
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    bulk.packing_slip_print_run(print_id=job.pk)  # the job, as a worker runs it

    for url in (
        f"/orders/{order.number}/invoices/{invoice.number}.pdf",
        f"/orders/{order.number}/invoices/print.pdf?language=nl",
        f"/orders/{order.number}/shipments/{shipment.number}.pdf",
        f"/orders/packing-slips/prints/{job.pk}/pakbonnen.pdf",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert response["Cache-Control"] == "private, no-store", url


def walk(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


@pytest.fixture
def urls_as_in_development(settings):
    """The URL conf as `make run` builds it: imported anew with DEBUG on (and again with it off afterwards)."""
    settings.DEBUG = True
    importlib.reload(backoffice.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(backoffice.urls)
    clear_url_caches()


@pytest.mark.usefixtures("urls_as_in_development")
def test_no_url_serves_stored_files_not_even_in_development(staff_client, staff, settings):
    """/media/invoices/2026/F00001/F00001-r1-nl.pdf was a download for anyone under `make run` (DEBUG)."""
    invoice = make_invoice(actor=staff)
    document = InvoiceDocument.objects.get(invoice=invoice)
    invoice_document_render(document_id=document.pk)
    document.refresh_from_db()
    assert (settings.MEDIA_ROOT / document.file).is_file()

    assert not [route for route in walk(get_resolver().url_patterns) if "media" in route]
    assert Client().get(f"/media/{document.file}").status_code == 404
    assert staff_client.get(f"/media/{document.file}").status_code == 404
    assert staff_client.get(f"/orders/{invoice.order.number}/invoices/{invoice.number}.pdf").status_code == 200
