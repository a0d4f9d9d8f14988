import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation

logger = logging.getLogger(__name__)


class UserLanguageMiddleware:
    """Dutch unless the user chose otherwise: the staff member's saved language, else the language cookie.

    The browser's Accept-Language is deliberately ignored: the backoffice speaks Dutch by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.supported:
            language = user.language
        elif request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in self.supported:
            language = request.COOKIES[settings.LANGUAGE_COOKIE_NAME]
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class IdleTimeoutMiddleware:
    """Logs a user out after BACKOFFICE_IDLE_TIMEOUT without a request (besides SESSION_COOKIE_AGE, which ends a
    session that long after the login however busy it is). The time of the last request is kept in the session,
    written at most once a minute; the request that comes too late is handled as anonymous (the login page)."""

    SESSION_KEY = "backoffice_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def on_login(cls, sender, request, user, **kwargs) -> None:
        """The login is the first activity: written with the login's own session save, not by the next request."""
        if request is not None and hasattr(request, "session"):
            request.session[cls.SESSION_KEY] = int(time.time())

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > settings.BACKOFFICE_IDLE_TIMEOUT.total_seconds():
                logger.info("Logged out user %s after %s without activity.", request.user.pk, now - last)
                logout(request)
            elif last is None or now - last >= 60:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)
