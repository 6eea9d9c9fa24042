"""Argon2 with the cheapest costs for the test run: the production costs (100 MiB, eight lanes)
spend a quarter of a second on every password the suite sets or checks. Hashes keep the
``argon2`` prefix and carry their costs, so a server started by a test still verifies them."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
