"""Who is on a Mijn account page, and in which language.

Mijn account is for customers only: a logged-in user that is not staff and has a Customer record. Anonymous visitors
go to the customer login (/account/login/), never to the staff login; a staff session gets 403 here (staff do not see
customer pages as a customer), as a customer gets 403 in the backoffice. Every page speaks the customer's language
(nl, en, de, fr); before the login, the browser's.
"""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from backoffice.languages import CODES
from customers.models import Customer

from .texts import words


def customer_of(user) -> Customer | None:
    """The customer behind a logged-in account, or None (anonymous, staff, inactive, or no customer record)."""
    if not (user.is_authenticated and user.is_active) or user.is_staff:
        return None
    return Customer.objects.filter(user=user).first()


def browser_language(request) -> str:
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.split("-")[0].lower()
        if code in CODES:
            return code
    return "nl"


def use_language(request, language: str) -> None:
    request.account_language = language if language in CODES else "nl"
    request.account_words = words(request.account_language)
    translation.activate(request.account_language)  # Django's own messages (forms, password rules) too
    request.LANGUAGE_CODE = request.account_language


def public_page(view):
    """A page before the login (login, password reset): the browser's language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        use_language(request, browser_language(request))
        return view(request, *args, **kwargs)

    return wrapper


def customer_required(view):
    """A page of a logged-in customer: `request.customer` is theirs; every lookup below is scoped to it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            use_language(request, browser_language(request))
            return redirect(f"{reverse('shopaccount:login')}?{urlencode({'next': request.get_full_path()})}")
        customer = customer_of(user)
        if customer is None:
            raise PermissionDenied
        request.customer = customer
        use_language(request, customer.language)
        return view(request, *args, **kwargs)

    return wrapper
