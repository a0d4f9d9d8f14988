import factory
from django.contrib.auth.models import Group

from backoffice.models import User
from backoffice.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("secret-password")


class StaffFactory(UserFactory):
    """A Medewerker; `StaffFactory(role=Role.ADMIN)` makes a Beheerder."""

    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=(extracted or Role.STAFF).value))
