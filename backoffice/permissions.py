"""Permissions in one query, and with a shared cache in none.

Django's ModelBackend reads a user's own permissions and her groups' permissions with two queries the first time a
request checks one; every staff page checks one (the menu, the blocks' buttons), so that is two queries on every page.
This backend reads both at once and is otherwise ModelBackend: the same `_perm_cache` on the user object (one request
long), the same rules for inactive users and superusers.

Where the cache is shared by every process (Redis: `PERMISSIONS_CACHE_SECONDS` is set in production with REDIS_URL),
the set is also kept there, so a page checks permissions without a query (the query and its compilation were ~1.5 ms
of every full page). It is stored with the version current when it was read, and both are read in one round trip;
a set of another version is read afresh. Every change to who may do what replaces the version, after its commit:
a permission given to or taken from a user or a group, a user added to or taken from a group, a group or
permission deleted, a migration (which adds permissions without signals). A request that reads the version after
that commit reads the new permissions; one that read it before stores them with the old version, which the next
request reads afresh. The user's own flags (active, superuser) are part of the key: changing them needs no new version.
"""

import functools
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from backoffice.compiled import CompiledQuery

VERSION_KEY = "permissions:version"


class OneQueryModelBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user, as ModelBackend reads it, from SQL compiled once (backoffice/compiled.py): every request
        reads it, partials and the header's poll too, and compiling the query took longer than running it."""
        if type(user_id) is not int:
            return super().get_user(user_id)
        found = _user_query().fetch(pk=user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_permissions(user_obj)
        return user_obj._perm_cache


@functools.cache
def _user_query() -> CompiledQuery:
    user_model = get_user_model()
    return CompiledQuery(user_model, lambda pk: user_model._default_manager.filter(pk=pk))


def read_permissions(user) -> set[str]:
    if user.is_superuser:
        permissions = Permission.objects.all()
    else:
        permissions = Permission.objects.filter(Q(user=user) | Q(group__user=user))
    rows = permissions.values_list("content_type__app_label", "codename").order_by().distinct()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def cached_permissions(user) -> set[str]:
    seconds = settings.PERMISSIONS_CACHE_SECONDS
    if not seconds:
        return read_permissions(user)
    key = f"permissions:{user.pk}:{int(user.is_superuser)}"
    found = cache.get_many([VERSION_KEY, key])  # one round trip: the current version and what this user has stored
    version = found.get(VERSION_KEY) or new_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    permissions = read_permissions(user)
    cache.set(key, (version, permissions), seconds)
    return permissions


def new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def permissions_changed(**kwargs) -> None:
    """Receiver: every cached permission set is stale once the change that sent this commits."""
    if settings.PERMISSIONS_CACHE_SECONDS:
        transaction.on_commit(new_version, using=kwargs.get("using"))


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=f"permissions_changed.{through}")
    for model in (Group, Permission):
        post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"permissions_changed.delete.{model}")
    post_save.connect(permissions_changed, sender=Permission, dispatch_uid="permissions_changed.permission_saved")
    post_migrate.connect(permissions_changed, dispatch_uid="permissions_changed.migrate")
