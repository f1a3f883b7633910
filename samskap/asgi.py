import os
from typing import Any, cast

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings")
# Django's pages as WSGI in a few threads per process (a2wsgi): Django's own ASGI handler hops
# between the event loop and a thread at each of the middleware, which cost half as much CPU
# again per page under load (docs/decisions/0003-live-writes.md, "Fifth step").
# The casts bridge two libraries' spellings of the same WSGI and ASGI callables.
django_application: Any = WSGIMiddleware(cast(Any, get_wsgi_application()), workers=settings.WEB_THREADS)

# Imported once Django is set up: the lanes use its models and settings.
from samskap.events.lane import TableLane  # noqa: E402
from samskap.opinions.lane import VoteLane  # noqa: E402

# Phones' votes, and what phones send at a dialogue table, take lanes of their own in front of
# Django (samskap/core/lane.py).
application = TableLane(VoteLane(django_application))
