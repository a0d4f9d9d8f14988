"""Where a login or a language switch sends the user afterwards: the staff login and Mijn account's alike."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *, field: str = "next") -> str:
    """`next` (or the parameter `field`) when it is a path on this site, else `fallback`. Only a path: redirect()
    would take "orders:list" or "12345" for the name of a view, and a name that is none is an error (a 500)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    secure = request.is_secure()
    here = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=secure)
    if target.startswith("/") and here:
        return target
    return fallback
