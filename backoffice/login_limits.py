"""Rate limiting of logins (django-axes), on every login form: the staff login, /django-admin/login/ and the
customers' login of Mijn account (/account/login/, which sets `request.login_lockout_answer` for its own page).

Failures are counted per account *from one address* and per address. Never per account alone: then anyone could
lock a colleague out by typing wrong passwords for her e-mail address. The cool-off grows with the failures the
address made in the last day (LOGIN_COOLOFF_BASE, doubled for every further LOGIN_FAILURE_LIMIT failures, at most
LOGIN_COOLOFF_MAX), so a patient attacker gets slower and slower while a person who mistyped five times waits once.
Every failure and lock-out is logged by axes (logger "axes") and kept in its AccessFailureLog.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


class LoginLimitBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: a locked-out client's password is never checked.

    authenticate() without a request (a management command, a shell) is not a login form and is not limited.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_username(request, credentials: dict | None) -> str | None:
    """The e-mail address typed in: `email` on the staff login, `username` on the admin login; lower case."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    value = credentials.get("email") or credentials.get("username") or data.get("email") or data.get("username")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind LOGIN_TRUSTED_PROXIES proxies the address the outermost of them
    saw (counted from the right of X-Forwarded-For: the part a client cannot forge)."""
    proxies = settings.LOGIN_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def cool_off(request=None) -> timedelta:
    """How long a lock-out lasts: it doubles for every LOGIN_FAILURE_LIMIT failures from the address in the last
    LOGIN_COOLOFF_MAX (the first lock-out lasts LOGIN_COOLOFF_BASE)."""
    from axes.models import AccessFailureLog

    base, longest = settings.LOGIN_COOLOFF_BASE, settings.LOGIN_COOLOFF_MAX
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        return base
    since = timezone.now() - longest
    failures = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()
    doublings = max(0, failures // settings.AXES_FAILURE_LIMIT - 1)
    return min(base * 2 ** min(doublings, 20), longest)


def lockout_response(request, original_response=None, credentials=None):
    """The login page with the reason and when to try again (HTTP 429), for either login form."""
    from .forms.login import LoginForm

    until = timezone.localtime(timezone.now() + get_cool_off(request))
    if (answer := getattr(request, "login_lockout_answer", None)) is not None:
        return answer(request, until)  # a login page of another app (Mijn account) says it in its own page
    return render(
        request,
        "backoffice/login.html",
        {
            "form": LoginForm(request),
            "next": "",
            "locked_until": until,
            "locked_today": until.date() == timezone.localdate(),
        },
        status=429,
    )
