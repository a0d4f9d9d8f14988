from celery import shared_task

from .services import payment_reminders_send_due


@shared_task(name="payments.send_due_payment_reminders")
def send_due_payment_reminders() -> int:
    """The automatic payment reminder (beat, every hour; queue `default`). Does nothing while the shop has it
    off. Idempotent: an order gets one automatic reminder, so a second delivery or an overlapping run sends
    nothing twice (the service decides under the order's lock)."""
    return payment_reminders_send_due()
