"""/metrics for Prometheus: the support counters in the text exposition format.

A custom collector reads the database at scrape time (the same selectors as the Storingen page), so there is no
in-process state to share between gunicorn workers and Celery processes (prometheus_client's multiprocess mode,
with its directory of mmap files, is not needed): every worker answers the same numbers. The windowed numbers are
gauges (what happened in the last hour / 24 hours), not counters that only grow: Prometheus computes rates from
counters, but a count over a sliding window read from rows is a gauge.

Who may scrape: requests from METRICS_ALLOWED_ADDRESSES (addresses or networks; default loopback), or with
`Authorization: Bearer <METRICS_BEARER_TOKEN>` when that is set.
"""

import hmac
import ipaddress

from django.conf import settings
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .selectors import support_backlog, support_counters


class SupportCollector:
    """Yields the gauges of `support_counters` and `support_backlog`, computed when Prometheus asks."""

    def collect(self):
        counters = support_counters()
        done = GaugeMetricFamily(
            "backoffice_jobs_done", "E-mails sent and invoice PDFs rendered in the window.", labels=["work", "window"]
        )
        failed = GaugeMetricFamily(
            "backoffice_jobs_failed",
            "E-mails and invoice PDFs asked for in the window that failed for good.",
            labels=["work", "window"],
        )
        latency_avg = GaugeMetricFamily(
            "backoffice_job_latency_avg_seconds",
            "Average time from asking to done (e-mail sent, PDF rendered) of the work done in the window.",
            labels=["work", "window"],
        )
        latency_max = GaugeMetricFamily(
            "backoffice_job_latency_max_seconds",
            "Longest time from asking to done of the work done in the window.",
            labels=["work", "window"],
        )
        for counter in counters:
            done.add_metric(["email", counter.window], counter.emails_sent)
            done.add_metric(["pdf", counter.window], counter.pdfs_rendered)
            failed.add_metric(["email", counter.window], counter.emails_failed)
            failed.add_metric(["pdf", counter.window], counter.pdfs_failed)
            for work, average, longest in (
                ("email", counter.email_latency_avg, counter.email_latency_max),
                ("pdf", counter.pdf_latency_avg, counter.pdf_latency_max),
            ):
                if average is not None:
                    latency_avg.add_metric([work, counter.window], average)
                    latency_max.add_metric([work, counter.window], longest)
        backlog = support_backlog()
        open_work = GaugeMetricFamily(
            "backoffice_jobs_open", "Work not done now: waiting, or failed until retried.", labels=["work", "state"]
        )
        for work, waiting, failed_now in (
            ("email", backlog.emails_waiting, backlog.emails_failed),
            ("pdf", backlog.pdfs_waiting, backlog.pdfs_failed),
            ("print", backlog.prints_waiting, backlog.prints_failed),
        ):
            open_work.add_metric([work, "waiting"], waiting)
            open_work.add_metric([work, "failed"], failed_now)
        yield from (done, failed, latency_avg, latency_max, open_work)


def metrics_text() -> bytes:
    """The exposition text, computed now."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SupportCollector())
    return generate_latest(registry)


def may_scrape(request) -> bool:
    """From an allowed address (REMOTE_ADDR: behind a proxy, the proxy's), or with the bearer token when one is set."""
    token = settings.METRICS_BEARER_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_ADDRESSES:
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False
