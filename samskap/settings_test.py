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

# SQLite's test database is a file, not the shared in-memory database Django would make: the
# browser tests' live server answers each request in its own thread, and with an in-memory
# database those threads all share the test's one connection and its transaction state, so two
# requests at once (a page and its QR code, a poll and a vote) could end each other's
# transactions. With a file each thread has its own.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import secrets

    # Django deletes the file when the run ends.
    _test_db = Path(tempfile.gettempdir()) / f"samskap-test-{os.getpid()}-{secrets.token_hex(4)}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}  # noqa: F405
