"""One OS process of the numbering race test, started with "spawn" (a fresh interpreter: forking a test
process that has threads – the live server, Playwright – can deadlock the child).

Importable without Django: the child sets Django up itself, on the test database the parent names.
"""

import os
import traceback


def issue_all(database_name: str, order_ids: list[int], start, failures) -> None:
    """Set up Django on `database_name`, wait for the others, then issue an invoice for each order."""
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings.test")
        import django
        from django.conf import settings

        django.setup()
        settings.DATABASES["default"]["NAME"] = database_name
        from django.db import connections

        from invoicing import services
        from orders.models import Order

        services._enqueue_render = lambda document_id: None  # rows, not documents (as in the parent)
        start.wait(timeout=60)
        try:
            for order_id in order_ids:
                services.invoice_issue(order=Order.objects.get(pk=order_id), actor=None)
        finally:
            connections.close_all()
    except BaseException:
        failures.put(traceback.format_exc())
        raise
