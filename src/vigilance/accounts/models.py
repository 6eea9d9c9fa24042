"""People who sign in: staff of the agencies and partners."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A staff member or partner; organisations, units and roles attach here."""
