from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import audit, navigation
from .decorators import idle_exempt, permission_required, staff_required
from .documents import logo_data_url
from .forms.audit import ConfigChangeFilterForm
from .forms.login import LoginForm
from .forms.shop import AdministrationForm, ShopSettingsForm
from .models import ShopSettings
from .redirects import safe_next
from .services import shop_settings_update


def login_view(request):
    if request.user.is_authenticated and request.user.is_staff:
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    status = 422 if form.errors else 200
    return render(request, "backoffice/login.html", {"form": form, "next": safe_next(request, "")}, status=status)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("backoffice:login")


@require_POST
def set_language(request):
    """The header's language switch: remembered on the staff member and in a cookie."""
    language = request.POST.get("language", "")
    response = redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("Die taal kent de backoffice niet."))
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )  # fmt: skip
    return response


@idle_exempt
def header_counters(request):
    """The top bar's counters (Mijn taken, ongelezen memo's): polled every 30 seconds and after `order-changed`.

    Not the user's activity (`idle_exempt`). A session that ended (idle timeout, logged out elsewhere) sends an HTMX
    poll to the login page as a whole page, instead of swapping the login form into the top bar.
    """
    user = request.user
    if not user.is_authenticated and request.htmx:
        return HttpResponseClientRedirect(redirect_to_login(request.htmx.current_url_abs_path or "/").url)
    return _counters(request)


@staff_required
@require_GET
def _counters(request):
    response = render(
        request, "backoffice/_counters.html#counters", {"counters": navigation.counters_for(request.user)}
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@staff_required
def home(request):
    return redirect(settings.LOGIN_REDIRECT_URL)


@permission_required("backoffice.manage_shop")
def shop_settings(request):
    shop = ShopSettings.load()
    posted = request.method == "POST"
    form = ShopSettingsForm(request.POST if posted else None, request.FILES if posted else None, instance=shop)
    if posted:
        if form.is_valid():
            shop_settings_update(
                changes={field: form.cleaned_data[field] for field in form.changed_data}, actor=request.user
            )
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("backoffice:settings")
        return render(request, "backoffice/settings.html", {"form": form, "logo": logo_data_url()}, status=422)
    return render(request, "backoffice/settings.html", {"form": form, "logo": logo_data_url()})


@permission_required("backoffice.manage_shop")
def settings_administration(request):
    """ALGEMEEN > Instellingen > Geavanceerd > Administratie: invoices, numbering, payment term, reminders."""
    form = AdministrationForm(request.POST if request.method == "POST" else None, instance=ShopSettings.load())
    if request.method == "POST":
        if form.is_valid():
            shop_settings_update(
                changes={field: form.cleaned_data[field] for field in form.changed_data}, actor=request.user
            )
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("backoffice:settings_administration")
        return render(request, "backoffice/settings_administration.html", {"form": form}, status=422)
    return render(request, "backoffice/settings_administration.html", {"form": form})


@permission_required("backoffice.manage_shop")
@require_GET
def settings_changes(request):
    """ALGEMEEN > Instellingen > Wijzigingslog: who changed which setting, old → new, newest first."""
    form = ConfigChangeFilterForm(request.GET)
    filters = form.filters()
    page = audit.config_change_list(**filters)
    query = request.GET.copy()
    query.pop("before", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "paged": filters["before"] is not None}
    return render(request, "backoffice/settings_changes.html", context)
