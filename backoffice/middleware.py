from django.conf import settings
from django.utils import translation


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
