"""Django's admin site (/django-admin/, superusers only): a window on the data, not a second way to change it.

Whatever a service owns — orders, number series, invoices, customers, the shop's settings, the history — is
view-only here (`ViewOnlyAdmin`: no add, no change, no delete; a POST is 403): a change through the admin would skip
the service's checks, its row lock, its history or audit entry, and could break gap-free numbering. The shop's
settings link to their own pages, which validate and log them. What a service does not own stays editable: user
accounts (every change written to the configuration log, passwords by name only) and the login lock-outs (axes).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import NumberCounter, ShopSettings, User


class ViewOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted through the admin: the services own these rows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ViewOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


USER_AUDITED_FIELDS = ("email", "first_name", "last_name", "language", "is_active", "is_staff", "is_superuser")


def _user_values(user) -> dict:
    return {
        **audit.values(user, USER_AUDITED_FIELDS),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        ),
    }


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts and their roles (groups). Every addition, change, password change and removal made here goes into the
    configuration log (ALGEMEEN > Instellingen > Wijzigingslog) in the admin's own transaction."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal", {"fields": ["first_name", "last_name", "language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            request._audit_before = _user_values(User.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        audit.audit_record(
            actor=request.user,
            area="user",
            subject=user.email,
            object_id=user.pk,
            action=audit.Action.CHANGED if change else audit.Action.CREATED,
            changes=audit.diff(getattr(request, "_audit_before", {}), _user_values(user)),
        )

    @transaction.atomic
    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and User.objects.filter(pk=user.pk).exclude(password=before).exists():
            audit.audit_record(
                actor=request.user, area="user", subject=user.email, object_id=user.pk, changes=[{"field": "password"}]
            )
        return response

    @transaction.atomic
    def delete_model(self, request, obj) -> None:
        self._audit_deleted(request, [obj])
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        self._audit_deleted(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _audit_deleted(self, request, users) -> None:
        for user in users:
            audit.audit_record(
                actor=request.user, area="user", subject=user.email, object_id=user.pk, changes=[],
                action=audit.Action.DELETED,
            )  # fmt: skip


@admin.register(ShopSettings)
class ShopSettingsAdmin(ViewOnlyAdmin):
    """Read-only: the settings pages are the one way to change them (their forms validate, the service locks the row,
    logs old → new and removes a replaced logo once committed)."""

    readonly_fields = ["settings_pages"]

    def get_fields(self, request, obj=None):
        return ["settings_pages", *(field.name for field in ShopSettings._meta.concrete_fields if field.name != "id")]

    @admin.display(description=_("Wijzigen"))
    def settings_pages(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("backoffice:settings"),
            _("Instellingen › Winkelgegevens"),
            reverse("backoffice:settings_administration"),
            _("Instellingen › Geavanceerd › Administratie"),
        )


@admin.register(NumberCounter)
class NumberCounterAdmin(ViewOnlyAdmin):
    """The last number of each series: only the service that hands out a number moves it (gap-free numbering)."""

    list_display = ["series", "last_number"]
