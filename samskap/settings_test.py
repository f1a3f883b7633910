"""Test settings: the production module with test-only speed-ups."""

import os

os.environ.setdefault("SAMSKAP_TESTING", "True")

from samskap.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
