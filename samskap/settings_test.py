"""Test settings: the production module with test-only speed-ups."""

import os

os.environ.setdefault("SAMSKAP_TESTING", "True")

from samskap.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploads made by tests land in a throwaway folder, never in the checkout's var/media.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samskap-test-media-"))
