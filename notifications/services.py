"""Mail to customers: compose from the shop's texts, queue in the action's transaction, deliver by a job."""

import logging
from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backoffice import audit
from backoffice.documents import format_date
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from backoffice.money import format_money
from history import services as history

from . import registry
from .events import NotificationEventType
from .models import EmailTemplate, OutboxMessage, OutboxStatus
from .rendering import render
from .rules import mail_refusal, outbox_retry_refusal, template_save_refusal

logger = logging.getLogger(__name__)


class AttachmentNotReady(OSError):
    """An attachment (a PDF a job is still rendering) is not stored yet: the message waits and is retried.

    An OSError, so the sending job's autoretry (with backoff) tries again; the message stays pending and
    no attempt is counted.
    """


def order_email_context(order, language: str) -> dict[str, str]:
    """The placeholders every e-mail about an order offers, formatted for the e-mail's language."""
    shop = ShopSettings.load()
    return {
        "shop_name": shop.name,
        "shop_email": shop_email_address(shop),
        "customer_name": order.billing_name,
        "order_number": order.number,
        "order_date": format_date(timezone.localdate(order.placed_at), language),
        "order_total": format_money(order.total, language),
    }


def email_language(order, shop: ShopSettings | None = None) -> str:
    """The order's language when the shop offers it, else the shop's first language."""
    languages = (shop or ShopSettings.load()).enabled_languages
    return order.language if order.language in languages else languages[0]


def email_compose(*, kind: str, language: str, context: dict) -> tuple[str, str]:
    """(subject, body) of `kind` in `language`: the shop's own text, else the default.

    The subject is one line whatever a placeholder holds (a name with a line break would make the mail unsendable):
    every run of whitespace becomes one space."""
    template = EmailTemplate.objects.filter(kind=kind, language=language).first()
    subject, body = (template.subject, template.body) if template else registry.default_text(kind, language)
    return " ".join(render(subject, context).split()), render(body, context)


def mail_queue(*, order, kind: str, extra: dict, actor, attachments: list[dict] | None = None) -> OutboxMessage:
    """Write the e-mail about `order` to the outbox inside the caller's transaction; it is sent after the commit.

    Refused when the order has no e-mail address.
    """
    if refusal := mail_refusal(order):
        raise ActionRefused(refusal)
    language = email_language(order)
    subject, body = email_compose(kind=kind, language=language, context=order_email_context(order, language) | extra)
    return outbox_queue(
        to=order.email, kind=kind, language=language, subject=subject, body=body, actor=actor, order=order,
        attachments=attachments,
    )  # fmt: skip


def outbox_queue(
    *, to: str, kind: str, language: str, subject: str, body: str, actor, order=None, attachments=None
) -> OutboxMessage:
    """Write an e-mail to the outbox inside the caller's transaction (`mail_queue` for one about an order; a staff
    member's password reset link is about none); it is sent after the commit like every other mail. The subject
    is one line whatever went into it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_queue() belongs inside the transaction of the action that sends the mail.")
    message = OutboxMessage.objects.create(
        order=order,
        kind=kind,
        language=language,
        to=to,
        subject=" ".join(subject.split()),
        body=body,
        attachments=attachments or [],
        created_by=actor,
    )
    transaction.on_commit(partial(outbox_enqueue, message.pk))
    return message


def outbox_enqueue(message_id: int) -> None:
    """Hand the message to the worker. If the broker is down the row waits for `outbox_requeue`."""
    from .jobs import send_outbox_message

    try:
        send_outbox_message.delay(message_id)
    except Exception:  # the broker is unreachable: the periodic requeue delivers it later
        logger.warning("Could not enqueue outbox message %s; it will be requeued.", message_id, exc_info=True)
        return
    OutboxMessage.objects.filter(pk=message_id, enqueued_at__isnull=True).update(enqueued_at=timezone.now())


def _sending_lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)


def outbox_deliver(*, message_id: int) -> OutboxMessage:
    """Send one outbox message, at most once however often the job runs.

    The row is claimed (status "sending") in a short transaction before the SMTP conversation and marked
    sent right after it. A second delivery of the job finds it sent, or claimed by a live worker, and does
    nothing. A worker killed mid-send leaves a claim that expires after the lease; the message is then sent
    again (the SMTP server had not accepted it, or – in the instant after acceptance – it goes out twice with
    the same Message-ID). A message whose attachment is not rendered yet stays pending (AttachmentNotReady).
    """
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status in {OutboxStatus.SENT, OutboxStatus.FAILED}:
            return message
        if message.status == OutboxStatus.SENDING and message.claimed_at > now - _sending_lease():
            return message
        if missing := [item["path"] for item in message.attachments if not default_storage.exists(item["path"])]:
            raise AttachmentNotReady(f"Outbox message {message_id} waits for {', '.join(missing)}.")
        message.status, message.claimed_at, message.attempts = OutboxStatus.SENDING, now, message.attempts + 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
    try:
        _email(message).send()
    except Exception as error:
        _outbox_attempt_failed(message, error)
        raise
    OutboxMessage.objects.filter(pk=message_id).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    message.refresh_from_db()
    return message


def _outbox_attempt_failed(message: OutboxMessage, error: Exception) -> None:
    """Back to the queue for another attempt, or – after the last one – failed for good, which the order's history
    says (with the e-mail to open), so nobody believes the customer was told."""
    # A message Python cannot write (ValueError: a line break in a header) fails the same way every time: no retries.
    failed = isinstance(error, ValueError) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        if failed and message.order_id is not None:
            history.record(
                message.order,
                NotificationEventType.EMAIL_FAILED,
                subject=message.subject,
                to=message.to,
                attempts=message.attempts,
                email_id=message.pk,
            )


def shop_email_address(shop: ShopSettings) -> str:
    """The shop's e-mail address (Winkelgegevens), else the address part of DEFAULT_FROM_EMAIL."""
    return shop.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def email_sender(shop: ShopSettings) -> str:
    """The From of a mail to a customer: the shop's name (Winkelgegevens) with `shop_email_address`. Quoted and
    encoded as the name needs (a comma, quotes, accents); whitespace such as a line break in the name becomes one
    space, so a name can never add a header."""
    name = " ".join(shop.name.split())
    return str(Address(display_name=name, addr_spec=shop_email_address(shop)))


def _email(message: OutboxMessage) -> EmailMessage:
    shop = ShopSettings.load()
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=email_sender(shop),
        to=[message.to],
        reply_to=[shop.email] if shop.email else None,
        headers={"Message-ID": message.message_id},
    )
    for attachment in message.attachments:
        with default_storage.open(attachment["path"], "rb") as file:
            email.attach(attachment["name"], file.read(), attachment.get("mimetype", "application/pdf"))
    return email


def outbox_requeue(*, now=None) -> int:
    """Enqueue what was never picked up (broker down) and what a dead worker left claimed. Beat runs this."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    stale = (
        Q(status=OutboxStatus.PENDING, enqueued_at__isnull=True, created_at__lt=cutoff)
        | Q(status=OutboxStatus.PENDING, enqueued_at__lt=cutoff)
        | Q(status=OutboxStatus.SENDING, claimed_at__lt=now - _sending_lease())
    )
    message_ids = list(OutboxMessage.objects.filter(stale).order_by("pk").values_list("pk", flat=True)[:500])
    for message_id in message_ids:
        OutboxMessage.objects.filter(pk=message_id).update(enqueued_at=None)
        outbox_enqueue(message_id)
    return len(message_ids)


@transaction.atomic
def outbox_retry(*, message: OutboxMessage, actor) -> OutboxMessage:
    """Storingen › Opnieuw proberen: a failed (or stuck) e-mail goes back to the queue and is enqueued after the
    commit. Only failed or stuck ones: the row is locked and its status checked, so a double click (or two
    Beheerders at once) enqueues it once, and `outbox_deliver`'s claim sends it once whatever arrives twice. The
    retry is one more attempt: failing again makes it failed again at once (its attempts go on counting)."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if refusal := outbox_retry_refusal(message):
        raise ActionRefused(refusal)
    message.status, message.claimed_at, message.enqueued_at = OutboxStatus.PENDING, None, timezone.now()
    message.save(update_fields=["status", "claimed_at", "enqueued_at"])
    if message.order_id is not None:
        history.record(
            message.order, NotificationEventType.EMAIL_RETRIED, actor=actor, subject=message.subject, to=message.to,
            email_id=message.pk,
        )  # fmt: skip
    logger.info("Outbox message %s offered again by user %s.", message.pk, actor.pk)
    transaction.on_commit(partial(outbox_enqueue, message.pk))
    return message


@transaction.atomic
def email_template_save(*, kind: str, language: str, subject: str, body: str, actor) -> EmailTemplate:
    """DIENST > E-mails & teksten: store the shop's own text. Unknown placeholders or stray braces are refused."""
    if refusal := template_save_refusal(kind=kind, subject=subject, body=body):
        raise ActionRefused(refusal)
    before = _template_texts(kind, language)
    template, _created = EmailTemplate.objects.update_or_create(
        kind=kind, language=language, defaults={"subject": subject.strip(), "body": body, "updated_by": actor}
    )
    _template_audit(kind, language, before, {"subject": template.subject, "body": template.body}, actor=actor)
    return template


@transaction.atomic
def email_template_reset(*, kind: str, language: str, actor) -> None:
    """Back to the default text of this e-mail in this language."""
    before = _template_texts(kind, language)
    EmailTemplate.objects.filter(kind=kind, language=language).delete()
    _template_audit(kind, language, before, _template_texts(kind, language), actor=actor)


def _template_texts(kind: str, language: str) -> dict[str, str]:
    """The subject and body the e-mail has now: the shop's own (row locked) or the default."""
    template = EmailTemplate.objects.select_for_update().filter(kind=kind, language=language).first()
    if template is not None:
        return {"subject": template.subject, "body": template.body}
    subject, body = registry.default_text(kind, language)
    return {"subject": subject, "body": body}


def _template_audit(kind: str, language: str, before: dict, after: dict, *, actor) -> None:
    """The configuration log: "E-mail Order verzonden (nl): onderwerp: … → …"."""
    known = registry.email_kind(kind)
    audit.audit_record(
        actor=actor,
        area="email_template",
        subject=f"{known.label if known is not None else kind} ({language})",
        object_id=f"{kind}:{language}",
        changes=audit.diff(before, after),
    )
