"""backoffice.permissions.OneQueryModelBackend: the same permissions as Django's ModelBackend, in one query, and in
none with the shared cache."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction

from backoffice.models import User
from backoffice.permissions import VERSION_KEY, OneQueryModelBackend
from backoffice.roles import Role
from tests.backoffice.factories import StaffFactory, UserFactory


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache from an earlier check


def test_each_role_gets_exactly_what_model_backend_gives(db):
    medewerker, beheerder = StaffFactory(), StaffFactory(role=Role.ADMIN)
    own = UserFactory(is_staff=True)
    own.user_permissions.add(Permission.objects.get(codename="view_order"))
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for user in (medewerker, beheerder, own, superuser):
        expected = ModelBackend().get_all_permissions(fresh(user))
        assert OneQueryModelBackend().get_all_permissions(fresh(user)) == expected
        assert expected  # the comparison means something


def test_a_user_with_permissions_of_her_own_and_of_her_group_gets_both(db):
    user = StaffFactory()
    own = Permission.objects.exclude(group__user=user).first()
    user.user_permissions.add(own)
    permissions = OneQueryModelBackend().get_all_permissions(fresh(user))
    assert f"{own.content_type.app_label}.{own.codename}" in permissions
    assert ModelBackend().get_group_permissions(fresh(user)) <= permissions


def test_inactive_and_anonymous_users_and_object_permissions_get_nothing(db):
    inactive = StaffFactory(role=Role.ADMIN, is_active=False)
    backend = OneQueryModelBackend()
    assert backend.get_all_permissions(fresh(inactive)) == set()
    assert backend.get_all_permissions(AnonymousUser()) == set()
    assert backend.get_all_permissions(fresh(StaffFactory(role=Role.ADMIN)), obj=object()) == set()


def test_one_query_for_a_request_whatever_is_checked(db, django_assert_num_queries):
    user = fresh(StaffFactory(role=Role.ADMIN))
    with django_assert_num_queries(1):
        user.has_perm("orders.view_order")
        user.has_perm("orders.change_order")
        user.has_perms(["orders.view_order", "invoicing.view_invoice"])


# The shared cache (PERMISSIONS_CACHE_SECONDS, production with Redis): the tests' cache is one process's memory,
# which is all these need; emptied before each, so no test sees another's versions.


@pytest.fixture
def permission_cache(settings):
    settings.PERMISSIONS_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def permissions_of(user) -> set[str]:
    return fresh(user).get_all_permissions()


def test_with_the_cache_a_request_checks_permissions_without_a_query(db, permission_cache, django_assert_num_queries):
    user = StaffFactory(role=Role.ADMIN)
    expected = ModelBackend().get_all_permissions(fresh(user))
    first, second, third = fresh(user), fresh(user), fresh(user)  # three requests' user objects
    with django_assert_num_queries(1):  # the first request reads them
        assert first.get_all_permissions() == expected
    with django_assert_num_queries(0):  # the next ones do not
        assert second.get_all_permissions() == expected
        assert third.has_perm("orders.change_order")


def test_a_cached_read_is_one_round_trip_to_the_cache(db, permission_cache, monkeypatch):
    user = StaffFactory(role=Role.ADMIN)
    fresh(user).get_all_permissions()
    calls, depth = [], [0]

    def counted(name, method):
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append(name)  # what the backend asks (locmem's get_many calls its own get: not a round trip)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    assert fresh(user).get_all_permissions()
    assert calls == ["get_many"]


def test_without_the_setting_nothing_is_cached(db, settings, django_assert_num_queries):
    settings.PERMISSIONS_CACHE_SECONDS = 0
    user = StaffFactory(role=Role.ADMIN)
    first, second = fresh(user), fresh(user)
    first.get_all_permissions()
    with django_assert_num_queries(1):
        second.get_all_permissions()


def some_permission(excluding: set[str]) -> tuple[Permission, str]:
    for permission in Permission.objects.select_related("content_type").order_by("pk"):
        name = f"{permission.content_type.app_label}.{permission.codename}"
        if name not in excluding:
            return permission, name
    raise AssertionError("every permission is taken")


def test_every_change_to_who_may_do_what_shows_at_the_next_request(
    db, permission_cache, django_capture_on_commit_callbacks
):
    """Each change commits (the callbacks run), then a new request of the user sees it, though the old set was
    cached."""
    user = StaffFactory()
    group = Group.objects.create(name="Inpakkers")
    permission, name = some_permission(permissions_of(user))

    def after(change) -> set[str]:
        permissions_of(user)  # cached before the change
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return permissions_of(user)

    assert name in after(lambda: user.user_permissions.add(permission))
    assert name not in after(lambda: user.user_permissions.remove(permission))
    assert name not in after(lambda: group.permissions.add(permission))  # not her group yet
    assert name in after(lambda: user.groups.add(group))
    assert name not in after(lambda: group.permissions.remove(permission))
    assert name in after(lambda: group.permissions.set([permission]))
    assert name not in after(lambda: user.groups.remove(group))
    assert name in after(lambda: group.user_set.add(user))  # from the group's side
    assert name not in after(lambda: group.permissions.clear())
    group.permissions.add(permission)
    assert name not in after(lambda: group.delete())
    user.user_permissions.add(permission)
    assert name not in after(lambda: Permission.objects.filter(pk=permission.pk).delete())


def test_a_change_that_rolls_back_keeps_the_cached_permissions(db, permission_cache, django_assert_num_queries):
    user = StaffFactory()
    permission, _name = some_permission(permissions_of(user))
    with transaction.atomic():
        user.user_permissions.add(permission)
        transaction.set_rollback(True)
    later = fresh(user)
    with django_assert_num_queries(0):
        later.get_all_permissions()


def test_a_new_superuser_or_a_deactivated_user_needs_no_new_version(db, permission_cache):
    user = StaffFactory()
    ordinary = permissions_of(user)
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert (
        permissions_of(user)
        == {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
        != ordinary
    )
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert permissions_of(user) == set()


def test_a_migration_replaces_the_version(db, permission_cache, django_capture_on_commit_callbacks):
    """`migrate` creates new permissions with bulk_create (no signals): a superuser's cached set would miss them."""
    permissions_of(StaffFactory())
    version = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert cache.get(VERSION_KEY) not in (None, version)
