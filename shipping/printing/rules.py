"""When a Pakbonnen printen job may be run again by hand (Storingen › Opnieuw proberen). The service refuses with
this; the support screen shows the button only where it is None."""

from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.printing import STALE_AFTER  # a running print silent this long lost its jobs

from ..models import PackingSlipPrint, PackingSlipPrintStatus


def print_is_stuck(job: PackingSlipPrint, *, now=None) -> bool:
    """Waiting for a job that does not come, or running without a sign of life for STALE_AFTER."""
    now = now or timezone.now()
    last_sign = job.updated_at or job.created_at
    return (
        job.status in (PackingSlipPrintStatus.PENDING, PackingSlipPrintStatus.RUNNING) and last_sign < now - STALE_AFTER
    )


def print_retry_refusal(job: PackingSlipPrint, *, now=None) -> str | None:
    if job.status == PackingSlipPrintStatus.DONE:
        return _("Deze printopdracht is al klaar.")
    if job.status == PackingSlipPrintStatus.FAILED or print_is_stuck(job, now=now):
        return None
    return _("Deze printopdracht wordt al gemaakt.")
