from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("samskap.core.urls")),
    path("", include("samskap.events.urls")),
    path("", include("samskap.opinions.urls")),
    path("", include("samskap.processes.urls")),
    path("", include("samskap.ideas.urls")),
    path("", include("samskap.methods.urls")),
    path("", include("samskap.insight.urls")),
    path("", include("samskap.comparison.urls")),
    path("", include("samskap.reports.urls")),
    path("improvement/", include("samskap.improvement.urls")),
]
