"""backoffice.permissions.OneQueryModelBackend: the same permissions as Django's ModelBackend, in one query."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Permission

from backoffice.models import User
from backoffice.permissions import OneQueryModelBackend
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
