from django.conf import settings

from . import navigation


def shell(request) -> dict:
    """The shell's menu and language switch. Lazy: partials that don't show the menu cost no queries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {
        "menu": lambda: navigation.menu_for(user, request.path),
        "ui_languages": settings.LANGUAGES,
        "counter_poll_seconds": settings.BACKOFFICE_COUNTER_POLL_SECONDS,
    }
