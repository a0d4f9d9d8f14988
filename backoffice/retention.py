"""Files made for one download (Pakbonnen printen, Facturen printen, a large export) are kept
PRINT_RESULT_RETENTION_DAYS and then deleted by beat, so they do not pile up in the storage (and an export, which
holds customers' personal data, does not stay there for ever). The row stays, marked expired: its page says "verlopen".
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)


def stored_results_expire(done, *, what: str, now=None, limit: int = 500) -> int:
    """Delete the files of the rows in `done` (finished with a file, a model with `file`, `finished_at` and
    `expired_at`) that finished more than PRINT_RESULT_RETENTION_DAYS ago, oldest first, at most `limit` a run; mark
    them expired. A file that is already gone is marked all the same. Returns how many were expired."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRINT_RESULT_RETENTION_DAYS)
    old = done.filter(expired_at__isnull=True, finished_at__lt=cutoff).exclude(file="")
    expired = 0
    for pk, file in old.order_by("finished_at", "pk").values_list("pk", "file")[:limit]:
        default_storage.delete(file)  # storage backends ignore a name that does not exist
        expired += done.model.objects.filter(pk=pk, expired_at__isnull=True).update(expired_at=now)
    if expired:
        logger.info(
            "Deleted the files of %s %s older than %s days.", expired, what, settings.PRINT_RESULT_RETENTION_DAYS
        )
    return expired
