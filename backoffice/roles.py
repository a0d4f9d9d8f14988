"""The two staff roles. Groups and their permissions are (re)made after every migrate; accounts never are."""

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    ADMIN = "Beheerder", _("Beheerder")
    STAFF = "Medewerker", _("Medewerker")


STAFF_PERMISSIONS = [
    "orders.view_order",
    "orders.change_order",
    "customers.view_customer",
    "customers.change_customer",
]
ADMIN_PERMISSIONS = [*STAFF_PERMISSIONS, "backoffice.manage_shop"]
ROLE_PERMISSIONS = {Role.ADMIN: ADMIN_PERMISSIONS, Role.STAFF: STAFF_PERMISSIONS}


def ensure_roles(**kwargs) -> None:
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)


def role_of(user) -> Role | None:
    names = {group.name for group in user.groups.all()}
    for role in Role:
        if role.value in names:
            return role
    return None


def is_admin(user) -> bool:
    """A Beheerder: may manage the shop (and sees and changes everyone's tasks). Cached per request by Django."""
    return user.has_perm("backoffice.manage_shop")


def active_staff():
    """Who a task or a memo can be for: every active staff member, by name."""
    from .models import User

    return User.objects.filter(is_staff=True, is_active=True).order_by("first_name", "last_name", "email")
