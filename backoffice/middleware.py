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
