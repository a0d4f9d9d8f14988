"""`manage.py create_staff_user --email … --role beheerder|medewerker`: a staff login without seed_demo.

The way into a new installation (the first Beheerder), or a colleague added from the command line. The password is
asked twice on the terminal, or read from an environment variable for automation (--password-from-env VAR), never
from the command line itself (it would stay in the shell history and in `ps`).
"""

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.services import staff_user_create
from backoffice.exceptions import ActionRefused
from backoffice.roles import Role

ROLES = {"beheerder": Role.ADMIN, "medewerker": Role.STAFF}


class Command(BaseCommand):
    help = "Create a staff account with a role: beheerder (admin) or medewerker (staff). Asks for the password."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=sorted(ROLES), type=str.lower)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-from-env", metavar="VAR", help="read the password from this environment variable"
        )

    def handle(self, *args, email, role, first_name, last_name, password_from_env, **options):
        password = self._password(password_from_env)
        try:
            user = staff_user_create(
                email=email, password=password, role=ROLES[role], first_name=first_name, last_name=last_name
            )
        except ActionRefused as refusal:
            raise CommandError(f"{refusal} Nothing was created.") from refusal
        self.stdout.write(f"Created {user.email} ({ROLES[role].value}): log in at /login/.")

    def _password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set. Nothing was created.")
            return password
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask the password on: use --password-from-env VAR. Nothing was created.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ. Nothing was created.")
        return password
