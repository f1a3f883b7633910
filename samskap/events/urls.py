from django.urls import path

from samskap.events import views, views_evaluation

app_name = "events"
urlpatterns = [
    path("processes/<int:process_id>/events/new/", views.event_new, name="new"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/setup/", views.event_setup, name="setup"),
    path("events/<int:event_id>/agenda/", views.agenda, name="agenda"),
    path("events/<int:event_id>/console/", views.console, name="console"),
    path("events/<int:event_id>/console/live/", views.console_live, name="console_live"),
    path("events/<int:event_id>/rounds/", views.round_action, name="round"),
    path("events/<int:event_id>/seats/", views.seats_action, name="seats"),
    path("events/<int:event_id>/screen/", views.plenary_screen, name="screen"),
    path("events/<int:event_id>/screen/board/", views.plenary_board, name="screen_board"),
    path("events/<int:event_id>/themes/", views.event_themes, name="themes"),
    path("events/<int:event_id>/report/", views.event_report, name="report"),
    path("events/<int:event_id>/contributions.csv", views.event_export_csv, name="export_csv"),
    path("events/<int:event_id>/register/", views.register, name="register"),
    path("events/<int:event_id>/checkin/", views.checkin, name="checkin"),
    path("events/<int:event_id>/camp/", views.camp, name="camp"),
    path("events/<int:event_id>/evaluation/", views_evaluation.event_evaluation, name="evaluation"),
    path("processes/<int:process_id>/evaluations/", views_evaluation.process_evaluations, name="process_evaluations"),
    path(
        "registrations/<str:token>/evaluation/",
        views_evaluation.registration_evaluation,
        name="registration_evaluation",
    ),
    path("join/<str:code>/evaluation/", views_evaluation.participant_evaluation, name="participant_evaluation"),
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path("registrations/<str:token>/team/", views.team_space, name="team_space"),
    path("camp/teams/<int:team_id>/", views.camp_team, name="camp_team"),
    path("contributions/<int:contribution_id>/", views.contribution_action, name="contribution_action"),
    path("tables/<int:table_id>/", views.table_host, name="table_host"),
    path("tables/<int:table_id>/live/", views.table_live, name="table_live"),
    path("join/<str:code>/here/", views.participant_space, name="participant_space"),
    path("join/<str:code>/here/board/", views.participant_board, name="participant_board"),
    path("join/<str:code>/here/react/", views.participant_react, name="participant_react"),
]
