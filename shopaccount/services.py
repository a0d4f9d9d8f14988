"""Mijn account's own writes: the password reset link (through the outbox). Tickets are the tickets app's services."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backoffice.models import ShopSettings
from customers.models import Customer
from customers.services import customer_login_ensure
from notifications.models import OutboxMessage
from notifications.services import outbox_queue
from tickets.services import customer_language

from .texts import words

logger = logging.getLogger(__name__)

PASSWORD_RESET_KIND = "customer_password_reset"
# Asking again within this time sends no second mail: the form cannot be used to flood a customer's mailbox.
PASSWORD_RESET_QUIET = timedelta(minutes=5)


@transaction.atomic
def customer_password_reset_request(*, email: str, site_url: str) -> None:
    """Wachtwoord vergeten (or: none yet, for a customer made at checkout without a login): a link to set one, to
    the customer's account with this address, if there is one. A customer without a login gets one (without a
    password) when the address is hers alone. The caller says the same either way."""
    customer = (
        Customer.objects.select_related("user")
        .filter(email__iexact=email.strip(), user__isnull=False, user__is_active=True, user__is_staff=False)
        .first()
    )
    if customer is None:  # made at checkout without a login: one for the address, if it is one customer's only
        made_at_checkout = list(Customer.objects.filter(email__iexact=email.strip(), user__isnull=True)[:2])
        if len(made_at_checkout) == 1 and customer_login_ensure(customer=made_at_checkout[0]) is not None:
            customer = Customer.objects.select_related("user").get(pk=made_at_checkout[0].pk)
    if customer is None:
        logger.info("Customer password reset asked for an address without a customer account.")
        return
    user = type(customer.user).objects.select_for_update().get(pk=customer.user_id)  # two requests at once: one mail
    recent = timezone.now() - PASSWORD_RESET_QUIET
    if OutboxMessage.objects.filter(kind=PASSWORD_RESET_KIND, to=user.email, created_at__gte=recent).exists():
        logger.info(
            "Customer password reset for user %s asked again within %s: no mail.", user.pk, PASSWORD_RESET_QUIET
        )
        return
    shop = ShopSettings.load()
    language = customer_language(customer, shop)
    t = words(language)
    uidb64, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    link = site_url.rstrip("/") + reverse(
        "shopaccount:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}
    )
    values = {
        "name": customer.full_name,
        "shop": shop.name,
        "link": link,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    outbox_queue(
        to=user.email, kind=PASSWORD_RESET_KIND, language=language, subject=t["reset_mail_subject"] % values,
        body=t["reset_mail_body"] % values, actor=None,
    )  # fmt: skip
    logger.info("Customer password reset link queued for user %s.", user.pk)
