from django.urls import path

from samskap.processes import views

app_name = "processes"
urlpatterns = [
    path("o/<slug:slug>/processes/new/", views.process_new, name="new"),
    path("o/<slug:slug>/phase-templates/", views.phase_templates, name="phase_templates"),
    path("o/<slug:slug>/phase-templates/new/", views.phase_template_edit, name="phase_template_new"),
    path("o/<slug:slug>/phase-templates/<int:template_id>/", views.phase_template_edit, name="phase_template_edit"),
    path(
        "o/<slug:slug>/phase-templates/<int:template_id>/copy/",
        views.phase_template_copy_view,
        name="phase_template_copy",
    ),
    path("processes/<int:process_id>/", views.process_detail, name="detail"),
    path("processes/<int:process_id>/edit/", views.process_edit, name="edit"),
    path("processes/<int:process_id>/phase/", views.process_phase_move_view, name="phase_move"),
    path("processes/<int:process_id>/activities/new/", views.activity_new, name="activity_new"),
    path(
        "processes/<int:process_id>/activities/<int:activity_id>/remove/",
        views.activity_remove_view,
        name="activity_remove",
    ),
    path("processes/<int:process_id>/public/", views.process_public_settings, name="public_settings"),
    path("processes/<int:process_id>/materials/", views.material_add_view, name="material_add"),
    path(
        "processes/<int:process_id>/materials/<int:material_id>/remove/",
        views.material_remove_view,
        name="material_remove",
    ),
    path("processes/<int:process_id>/challenge/", views.challenge_picture, name="challenge"),
    path("processes/<int:process_id>/challenge/new/", views.challenge_version_new, name="challenge_new"),
    path("processes/<int:process_id>/challenge/test/", views.challenge_test_view, name="challenge_test"),
    path("challenge-items/<int:item_id>/evidence/", views.evidence_add_view, name="evidence_add"),
    path("evidence/<int:evidence_id>/remove/", views.evidence_remove_view, name="evidence_remove"),
    path("processes/<int:process_id>/governance/", views.process_governance, name="governance"),
    path("p/<int:process_id>/", views.public_process, name="public"),
]
