import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils import translation
from django.utils.functional import empty
from django.utils.translation import gettext as _

from . import observability

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("backoffice.requests")


class RequestLogMiddleware:
    """First of all: gives the request its id (`X-Request-ID`, kept when valid, else new; sent back in the
    response) and, when it is answered, logs one line: method, path, status, duration, user id, request id.

    The path is logged without its query string (a search term is often a name or an e-mail address); a URL with a
    secret in its path (a password reset link) is logged as its pattern. See backoffice/observability.py.
    """

    SECRET_URL_KWARGS = {"token", "uidb64"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = observability.valid_request_id(request.headers.get(observability.REQUEST_ID_HEADER))
        request_id = request_id or observability.new_request_id()
        request.request_id = request_id
        token = observability.request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response.headers[observability.REQUEST_ID_HEADER] = request_id
            path = self._path(request)
            request_logger.info(
                "%s %s %s %sms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            observability.request_id_var.reset(token)

    def _path(self, request) -> str:
        match = getattr(request, "resolver_match", None)
        if match is not None and self.SECRET_URL_KWARGS & set(match.kwargs):
            return "/" + match.route
        return request.path


def _user_id(request) -> int | None:
    """The logged-in user's id, if the request loaded its user (IdleTimeoutMiddleware does, for every request that
    gets that far): loading it here only for the log line would cost the session's and the user's query."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not wrapped.is_authenticated:
        return None
    return wrapped.pk


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


class RefuseNulMiddleware:
    """No NUL character ("\\x00") gets past here: in the path it is a page that cannot exist (404), in the query
    string, a submitted form field or a cookie a request nobody could have made in a browser (400).

    PostgreSQL cannot store or compare a NUL in text (psycopg raises DataError, a 500), and every view would
    have to remember that. One check before any view, session or form sees the request covers every URL
    parameter (`<str:number>` and friends), every field, and the ones added later. Uploaded files (a logo) may
    hold NUL bytes, so request.FILES is not looked at.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404(_("Deze pagina bestaat niet."))
        if _holds_nul(request.GET) or _holds_nul(request.COOKIES) or _holds_nul(request.POST):
            raise BadRequest("A NUL character in the query string, a form field or a cookie.")
        return self.get_response(request)


def _holds_nul(data) -> bool:
    items = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in items)


class NoStoreMiddleware:
    """Every page, partial and document the backoffice answers carries customer data (names, addresses, invoices,
    packing slips): no browser or proxy keeps a copy (`Cache-Control: private, no-store`). A response that chose its
    own Cache-Control keeps it; static files never reach this (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cache-Control", "private, no-store")
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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A request counts as activity once its view is known: one the page makes by itself (a poll marked
        `idle_exempt`, backoffice.decorators) does not extend the idle clock, or polling would keep a session open
        forever in a forgotten tab."""
        if getattr(view_func, "idle_exempt", False) or not request.user.is_authenticated:
            return None
        now = int(time.time())
        last = request.session.get(self.SESSION_KEY)
        if last is None or now - last >= 60:
            request.session[self.SESSION_KEY] = now
        return None
