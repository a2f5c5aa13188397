"""Create (or update) a content editor: a staff account in the "Content editors" group.

    manage.py create_editor --email erin@example.org            # asks for the password
    DJANGO_EDITOR_PASSWORD=... manage.py create_editor --email erin@example.org --noinput

`--password` works too, but leaves the password in the shell history and the process list.
An existing account keeps its password unless a new one is given.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from roles.management.commands.setup_editors import GROUP_NAME

PASSWORD_ENV = "DJANGO_EDITOR_PASSWORD"  # noqa: S105 - a variable name, not a secret


class Command(BaseCommand):
    help = 'Create or update a staff account in the "Content editors" group.'

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The editor's email (the login).")
        parser.add_argument("--password", help=f"Prefer the {PASSWORD_ENV} variable or the prompt.")
        parser.add_argument("--display-name", default="", help="Name shown in the history.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt; the password comes from --password or {PASSWORD_ENV}.",
        )

    def handle(self, *args, **options):
        User = get_user_model()
        email = User.objects.normalize_email(options["email"].strip())
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid email address.") from None

        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(email=email)
        if options["display_name"]:
            user.display_name = options["display_name"]

        password = self.get_password(options, required=created)
        if password is not None:
            try:
                validate_password(password, user=user)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from None
            user.set_password(password)

        call_command("setup_editors", verbosity=0)
        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            if created:
                user.save()
            else:  # only what this command sets: never the whole row as loaded
                fields = ["is_staff", "is_active", "display_name"]
                user.save(update_fields=[*fields, *(["password"] if password else [])])
            user.groups.add(Group.objects.get(name=GROUP_NAME))

        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} editor {user.email} in "{GROUP_NAME}".')

    def get_password(self, options, *, required: bool) -> str | None:
        """The password from the option, the environment or a prompt; None keeps the old one."""
        if options["password"]:
            return options["password"]
        if not options["interactive"]:
            password = os.environ.get(PASSWORD_ENV, "")
            if password:
                return password
            if required:
                raise CommandError(f"--noinput needs --password or the {PASSWORD_ENV} variable.")
            return None
        if not sys.stdin.isatty():
            if required:
                raise CommandError(
                    f"No terminal to ask for a password: use --noinput with {PASSWORD_ENV}."
                )
            return None
        if not required:
            return None
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords did not match.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
