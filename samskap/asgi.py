import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the lane uses its models and settings.
from samskap.opinions.lane import VoteLane  # noqa: E402

# Phones' votes take a lane of their own in front of Django (see samskap/opinions/lane.py).
application = VoteLane(django_application)
