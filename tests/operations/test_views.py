"""ALGEMEEN > Storingen (Beheerder only): the failed and waiting work with its error and attempts, Opnieuw proberen,
the filters and pages, the counters; /metrics for Prometheus, from allowed addresses or with the bearer token."""

from datetime import timedelta

import pytest
from django.utils import timezone

from invoicing.models import InvoiceDocument
from notifications.models import OutboxMessage, OutboxStatus
from shipping.models import PackingSlipPrint, PackingSlipPrintStatus
from shipping.printing import services as bulk
from tests.orders.factories import make_order
from tests.support import element, elements

pytestmark = pytest.mark.django_db

URL = "/support/"


def test_the_beheerder_sees_a_failed_email_with_its_error_attempts_and_retry_button(admin_client, failed_email):
    html = admin_client.get(URL).text

    row = element(html, "tr", id=f"email-{failed_email.pk}")
    assert row.attrs["data-status"] == "failed"
    assert "Klant inlichten" in row.text and failed_email.to in row.text and failed_email.order.number in row.text
    assert "SMTPDataError: (554, b'5.7.1 Rejected')" in row.text and row.element("td", class_="attempts").text == "10"
    assert row.element("button", data_action="retry").text.startswith("Opnieuw proberen")


def test_a_medewerker_may_not_see_or_retry(staff_client, failed_email):
    assert staff_client.get(URL).status_code == 403
    assert staff_client.post(f"/support/emails/{failed_email.pk}/retry/").status_code == 403
    assert OutboxMessage.objects.get(pk=failed_email.pk).status == OutboxStatus.FAILED


def test_storingen_is_in_the_beheerders_menu_only(client, admin_user, staff):
    client.force_login(admin_user)
    assert element(client.get("/orders/").text, "a", href=URL).text == "Storingen"
    client.force_login(staff)
    assert not elements(client.get("/orders/").text, "a", href=URL)


def test_retry_sends_the_email_and_says_so(admin_client, failed_email, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/support/emails/{failed_email.pk}/retry/")

    assert response.status_code == 302 and response.url == "/support/?show=email"
    assert OutboxMessage.objects.get(pk=failed_email.pk).status == OutboxStatus.SENT and len(mailoutbox) == 1
    page = admin_client.get(response.url).text
    assert f"De e-mail aan {failed_email.to} wordt opnieuw verstuurd." in page
    assert not elements(page, "tr", id=f"email-{failed_email.pk}")  # sent: no longer a problem

    again = admin_client.post(f"/support/emails/{failed_email.pk}/retry/", follow=True)
    assert "Deze e-mail is al verstuurd." in again.text and len(mailoutbox) == 1


def test_a_waiting_email_shows_why_it_cannot_be_retried_yet(admin_client, failed_email):
    OutboxMessage.objects.filter(pk=failed_email.pk).update(status=OutboxStatus.PENDING, enqueued_at=timezone.now())

    row = element(admin_client.get(URL, {"problem": "waiting"}).text, "tr", id=f"email-{failed_email.pk}")
    assert not row.elements("button") and "Deze e-mail staat al in de wachtrij" in row.text
    assert not elements(admin_client.get(URL, {"problem": "failed"}).text, "tr", id=f"email-{failed_email.pk}")


def test_the_email_kind_filter(admin_client, failed_email):
    assert elements(admin_client.get(URL, {"kind": "inform_customer"}).text, "tr", id=f"email-{failed_email.pk}")
    assert not elements(admin_client.get(URL, {"kind": "invoice"}).text, "tr", id=f"email-{failed_email.pk}")
    assert elements(admin_client.get(URL, {"kind": "nonsense"}).text, "tr", id=f"email-{failed_email.pk}")  # ignored


def test_failed_pdfs_and_prints_have_their_own_lists_and_retry(admin_client, failed_document, staff):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    PackingSlipPrint.objects.filter(pk=job.pk).update(status=PackingSlipPrintStatus.FAILED, error="MemoryError: ")

    pdfs = admin_client.get(URL, {"show": "pdf"}).text
    row = element(pdfs, "tr", id=f"pdf-{failed_document.pk}")
    assert "OSError: no space left on device" in row.text and failed_document.invoice.number in row.text
    assert element(pdfs, "form", action=f"/support/pdfs/{failed_document.pk}/retry/")
    prints = admin_client.get(URL, {"show": "print"}).text
    assert "MemoryError" in element(prints, "tr", id=f"print-{job.pk}").text

    response = admin_client.post(f"/support/pdfs/{failed_document.pk}/retry/", follow=True)
    assert "wordt opnieuw gemaakt" in response.text
    assert InvoiceDocument.objects.get(pk=failed_document.pk).status in {"pending", "ready"}
    response = admin_client.post(f"/support/prints/{job.pk}/retry/")
    assert response.status_code == 302 and response.url == "/support/?show=print"
    assert PackingSlipPrint.objects.get(pk=job.pk).status != PackingSlipPrintStatus.FAILED


def test_retry_of_something_that_does_not_exist_is_404(admin_client):
    for url in ("/support/emails/999999/retry/", "/support/pdfs/999999/retry/", "/support/prints/999999/retry/"):
        assert admin_client.post(url).status_code == 404


def many_failed(count: int) -> None:
    order = make_order()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(order=order, kind="inform_customer", language="nl", to=f"klant{n}@example.com", subject="Hoi",
                      body="…", message_id=f"<{order.pk}-{n}@test>", status=OutboxStatus.FAILED,
                      last_error="SMTPDataError")
        for n in range(count)
    )  # fmt: skip


def test_the_page_has_pinned_queries_and_keyset_pages(admin_client, django_assert_num_queries):
    many_failed(3)
    # session, user, permissions (decorator, menu), the custom statuses (their e-mails are in the kind filter), the
    # rows with their orders, the counters (2 per kind of work), the backlog (1 per kind)
    with django_assert_num_queries(3 + 1 + 1 + 4 + 3):
        admin_client.get(URL)
    many_failed(60)
    with django_assert_num_queries(3 + 1 + 1 + 4 + 3):
        html = admin_client.get(URL).text
    rows = elements(html, "tr", data_status="failed")
    assert len(rows) == 50
    older = element(html, "nav", class_="pager").element("a").attrs["href"]
    second = admin_client.get(URL + older).text
    assert len(elements(second, "tr", data_status="failed")) == 13 and not elements(second, "nav", class_="pager")
    first_ids = {row.attrs["id"] for row in rows}
    assert not first_ids & {row.attrs["id"] for row in elements(second, "tr", data_status="failed")}


def test_the_counters_of_the_last_hour_and_day(admin_client, failed_email, staff):
    now = timezone.now()
    order = make_order()
    ages_and_waits = [(timedelta(minutes=5), 2), (timedelta(minutes=30), 4), (timedelta(hours=5), 60),
                      (timedelta(hours=30), 1)]  # fmt: skip
    sent = [
        OutboxMessage(order=order, kind="invoice", language="nl", to="a@example.com", subject="s", body="b",
                      message_id=f"<sent{n}@test>", status=OutboxStatus.SENT, sent_at=now - age,
                      created_at=now - age - timedelta(seconds=wait))
        for n, (age, wait) in enumerate(ages_and_waits)
    ]  # fmt: skip
    OutboxMessage.objects.bulk_create(sent)

    html = admin_client.get(URL).text

    hour = element(html, "tr", data_window="1h")
    day = element(html, "tr", data_window="24h")
    assert hour.element("td", class_="emails-sent").text == "2" and day.element("td", class_="emails-sent").text == "3"
    assert hour.element("td", class_="emails-failed").text == "1"  # the failed_email, made just now
    assert "3,0 s / 4,0 s" in hour.text and "22,0 s / 60,0 s" in day.text


# --- /metrics ---------------------------------------------------------------------------------------------------


def test_metrics_from_the_loopback_in_prometheus_text_format(client, failed_email):
    OutboxMessage.objects.create(
        order=failed_email.order, kind="invoice", language="nl", to="a@example.com", subject="s", body="b",
        status=OutboxStatus.SENT, created_at=timezone.now() - timedelta(seconds=3), sent_at=timezone.now(),
    )  # fmt: skip

    response = client.get("/metrics")  # the test client's REMOTE_ADDR is 127.0.0.1

    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert "# TYPE backoffice_jobs_done gauge" in text
    assert 'backoffice_jobs_done{window="1h",work="email"} 1.0' in text
    assert 'backoffice_jobs_failed{window="24h",work="email"} 1.0' in text
    assert 'backoffice_jobs_open{state="failed",work="email"} 1.0' in text
    assert 'backoffice_job_latency_max_seconds{window="1h",work="email"} 3.0' in text
    assert 'backoffice_jobs_open{state="waiting",work="print"} 0.0' in text


def test_metrics_refuses_other_addresses_without_the_token(client, settings):
    settings.METRICS_BEARER_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", headers={"Authorization": "Bearer "}).status_code == 403

    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 403  # the loopback is no longer listed


def test_metrics_with_the_bearer_token_from_anywhere(client, settings):
    settings.METRICS_BEARER_TOKEN = "s3cret-token"
    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}

    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}, **elsewhere).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}, **elsewhere).status_code == 403
    assert client.get("/metrics", headers={"Authorization": "s3cret-token"}, **elsewhere).status_code == 403
    assert client.post("/metrics").status_code == 405
