import smtplib

from celery import shared_task

from .services import outbox_deliver, outbox_requeue


@shared_task(
    name="notifications.send_outbox_message",
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_outbox_message(message_id: int) -> None:
    outbox_deliver(message_id=message_id)


@shared_task(name="notifications.requeue_outbox")
def requeue_outbox() -> int:
    return outbox_requeue()
