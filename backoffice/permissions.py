"""Permissions in one query. Django's ModelBackend reads a user's own permissions and her groups' permissions with
two queries the first time a request checks one; every staff page checks one (the menu, the blocks' buttons), so
that is two queries on every page. This backend reads both at once and is otherwise ModelBackend: the same
`_perm_cache` on the user object (one request long), the same rules for inactive users and superusers."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                permissions = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = permissions.values_list("content_type__app_label", "codename").order_by().distinct()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
