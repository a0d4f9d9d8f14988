from django.db import transaction

from .models import NumberCounter


def number_next(*, series: str, start: int) -> int:
    """The next number of `series`, at least `start`. Must run inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next() must run inside the transaction that uses the number.")
    NumberCounter.objects.get_or_create(series=series)
    counter = NumberCounter.objects.select_for_update().get(series=series)
    counter.last_number = max(counter.last_number + 1, start)
    counter.save(update_fields=["last_number"])
    return counter.last_number


def number_format(prefix: str, number: int, *, width: int = 5) -> str:
    return f"{prefix}{number:0{width}d}"


# The series behind the shop's documents; their prefixes and start numbers are in ShopSettings (Administratie).
INVOICE_SERIES = "invoice"
CREDIT_INVOICE_SERIES = "credit_invoice"
PACKING_SLIP_SERIES = "packing_slip"
