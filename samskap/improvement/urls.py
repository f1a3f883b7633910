from django.urls import path

from samskap.improvement import views

app_name = "improvement"
urlpatterns = [
    path("networks/<int:network_id>/", views.network_detail, name="network"),
    path("networks/<int:network_id>/charts/", views.network_charts, name="network_charts"),
    path("processes/<int:process_id>/network/", views.network_start, name="network_start"),
    path("networks/<int:network_id>/gatherings/", views.gathering_add, name="gathering_add"),
    path("networks/<int:network_id>/teams/", views.team_add, name="team_add"),
    path("networks/<int:network_id>/measures/", views.shared_measure_add, name="shared_measure_add"),
    path("teams/<int:team_id>/members/", views.team_member_add, name="team_member_add"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/progress/", views.project_progress, name="project_progress"),
    path("projects/<int:project_id>/drivers/", views.project_driver_add, name="project_driver_add"),
    path("projects/<int:project_id>/change-ideas/", views.project_change_idea_add, name="project_change_idea_add"),
    path("projects/<int:project_id>/pdsa/new/", views.pdsa_create, name="pdsa_create"),
    path("projects/<int:project_id>/measures/new/", views.measure_create, name="measure_create"),
    path("pdsa/<int:cycle_id>/", views.pdsa_detail, name="pdsa"),
    path("measures/<int:measure_id>/", views.measure_detail, name="measure"),
    path("measures/<int:measure_id>/settings/", views.measure_settings, name="measure_settings"),
    path("measures/<int:measure_id>/observations/", views.observation_add, name="observation_add"),
    path("measures/<int:measure_id>/upload/", views.observations_upload, name="observations_upload"),
    path("measures/<int:measure_id>/breaks/", views.chart_break_add, name="chart_break_add"),
    path(
        "measures/<int:measure_id>/breaks/<int:break_id>/remove/", views.chart_break_remove, name="chart_break_remove"
    ),
    path("measures/<int:measure_id>/notes/", views.annotation_add, name="annotation_add"),
    path("measures/<int:measure_id>/operations/", views.measure_to_operations, name="measure_to_operations"),
]
