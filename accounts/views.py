import logging

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.decorators import permission_required, staff_required
from backoffice.exceptions import ActionRefused

from . import services
from .forms import PasswordResetRequestForm
from .rules import deactivate_refusal, force_reset_refusal

logger = logging.getLogger(__name__)


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def password_reset(request):
    """Wachtwoord vergeten: the same answer whether or not the address belongs to an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.password_reset_request(email=form.cleaned_data["email"], site_url=_site_url(request))
            return redirect("accounts:password_reset_done")
        return render(request, "accounts/password_reset_form.html", {"form": form}, status=422)
    return render(request, "accounts/password_reset_form.html", {"form": form})


def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")


class StaffPasswordResetConfirmView(PasswordResetConfirmView):
    """The link from the mail: choose a new password. Every session of the account ends with the old password."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        logger.info("User %s set a new password through a reset link.", form.user.pk)
        return response


password_reset_confirm = StaffPasswordResetConfirmView.as_view()


def password_reset_complete(request):
    return render(request, "accounts/password_reset_complete.html")


@staff_required
def password_change(request):
    """Wachtwoord wijzigen: this session stays logged in; every other session of the account is logged out."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            logger.info("User %s changed their password.", user.pk)
            messages.success(request, _("Uw wachtwoord is gewijzigd. Uw andere sessies zijn uitgelogd."))
            return redirect("accounts:password_change")
        return render(request, "accounts/password_change.html", {"form": form}, status=422)
    return render(request, "accounts/password_change.html", {"form": form})


@permission_required("backoffice.manage_shop")
@require_GET
def users(request):
    """ALGEMEEN > Instellingen > Gebruikers: the staff accounts, with deactivate/activate and a forced reset."""
    rows = [
        (user, deactivate_refusal(user=user, actor=request.user) is None,
         force_reset_refusal(user=user, actor=request.user) is None)
        for user in services.staff_users()
    ]  # fmt: skip
    return render(request, "accounts/users.html", {"rows": rows})


def _user_action(request, pk: int, service, done: str, **extra):
    """Run one Gebruikers service on a staff account and go back to the list saying what happened."""
    user = get_object_or_404(get_user_model().objects.filter(is_staff=True), pk=pk)
    try:
        service(user=user, actor=request.user, **extra)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done % {"name": user})
    return redirect("accounts:users")


@permission_required("backoffice.manage_shop")
@require_POST
def user_deactivate(request, pk: int):
    done = _("Het account van %(name)s is gedeactiveerd.")
    return _user_action(request, pk, services.staff_user_deactivate, done)


@permission_required("backoffice.manage_shop")
@require_POST
def user_activate(request, pk: int):
    return _user_action(request, pk, services.staff_user_activate, _("Het account van %(name)s is weer actief."))


@permission_required("backoffice.manage_shop")
@require_POST
def user_force_password_reset(request, pk: int):
    done = _(
        "Het wachtwoord van %(name)s werkt niet meer; er is een e-mail verstuurd met een link om een nieuw "
        "wachtwoord in te stellen."
    )
    return _user_action(request, pk, services.staff_user_force_password_reset, done, site_url=_site_url(request))
