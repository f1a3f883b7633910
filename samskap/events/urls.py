from django.urls import path

from samskap.events import views

app_name = "events"
urlpatterns = [
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("tables/<int:table_id>/", views.table_host, name="table_host"),
    path("join/<str:code>/here/", views.participant_space, name="participant_space"),
]
