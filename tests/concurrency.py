"""Two clicks at the same moment: the helper for race tests (needs `django_db(transaction=True)`)."""

import threading
from collections.abc import Callable

from django.db import close_old_connections

from backoffice.exceptions import ActionRefused


def click_twice_at_once(action: Callable[[], object]) -> list[str]:
    """Run `action` in two threads released together; returns sorted outcomes, "done" or "refused" each."""
    outcomes = []
    barrier = threading.Barrier(2)

    def click():
        barrier.wait()
        try:
            action()
            outcomes.append("done")
        except ActionRefused:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
