from django.conf import settings

from . import navigation


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {
        "menu": navigation.menu_for(user, request.path),
        "ui_languages": settings.LANGUAGES,
    }
