from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.choices import ChoiceLabels

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")  # waiting for the shop: unanswered
    ANSWERED = "answered", _("Beantwoord")
    CLOSED = "closed", _("Gesloten")


class AuthorKind(models.TextChoices):
    CUSTOMER = "customer", _("Klant")
    STAFF = "staff", _("Medewerker")


class TicketQuerySet(models.QuerySet):
    def of_customer(self, customer) -> "TicketQuerySet":
        """The tickets a customer may see in Mijn account: their own, nobody else's."""
        return self.filter(customer=customer)

    def unanswered(self) -> "TicketQuerySet":
        return self.filter(status=TicketStatus.OPEN)


class Ticket(ChoiceLabels, models.Model):
    """A customer's question (Een vraag stellen in Mijn account), about one of their orders or in general."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="tickets")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("order"),
    )  # fmt: skip
    subject = models.CharField(_("onderwerp"), max_length=SUBJECT_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("toegewezen aan"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    last_message_at = models.DateTimeField(_("laatste bericht"), default=timezone.now)
    # Since when the customer waits for an answer (the oldest unanswered message); None when not waiting.
    waiting_since = models.DateTimeField(_("wacht sinds"), null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # DIENST > Tickets: the unanswered ones, the longest waiting first.
            models.Index(fields=["waiting_since", "id"], name="ticket_waiting", condition=Q(status="open")),
            models.Index(fields=["status", "-last_message_at"], name="ticket_status_recent"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["customer", "-last_message_at"], name="ticket_customer_recent"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status == TicketStatus.OPEN


class TicketMessage(models.Model):
    """One message of the conversation: plain text, escaped wherever it is shown."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    body = models.TextField(_("bericht"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # The key of the form that sent it (backoffice/forms/submit_key.py): a double click makes one message.
    submit_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticketmessage_ticket_created")]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def from_customer(self) -> bool:
        return self.author_kind == AuthorKind.CUSTOMER


class TicketAttachment(models.Model):
    """A file the customer sent with a message: a PDF, PNG or JPEG (checked by its content), kept in the private
    attachment storage (tickets/attachments.py), never under MEDIA_ROOT, and only sent as a download."""

    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.CharField(max_length=300)  # name in the attachment storage
    name = models.CharField(max_length=200)  # the customer's file name, cleaned
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name
