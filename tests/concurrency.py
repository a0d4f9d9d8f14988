"""Two clicks at the same moment: the helper for race tests (needs `django_db(transaction=True)`)."""

import threading
from collections.abc import Callable

from django.db import close_old_connections

from backoffice.exceptions import ActionRefused


def click_twice_at_once(action: Callable[[], object]) -> list[str]:
    """Run `action` in two threads released together; returns sorted outcomes, "done" or "refused" each."""
    return sorted(outcome for outcome, _message in click_at_once(action, action))


def click_at_once(*actions: Callable[[], object]) -> list[tuple[str, str]]:
    """Run each action in a thread of its own, all released together (two people, two buttons); returns per
    action, in the order given, ("done", "") or ("refused", the message the person sees)."""
    outcomes: list[tuple[str, str]] = [("", "")] * len(actions)
    barrier = threading.Barrier(len(actions))

    def click(index: int, action: Callable[[], object]):
        barrier.wait()
        try:
            action()
            outcomes[index] = ("done", "")
        except ActionRefused as refusal:
            outcomes[index] = ("refused", str(refusal.message))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
