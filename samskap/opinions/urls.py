from django.urls import path

from samskap.opinions import views

app_name = "opinions"
urlpatterns = [
    path("opinions/processes/<int:process_id>/new/", views.opinion_map_new, name="new"),
    path("opinions/processes/<int:process_id>/import/", views.opinion_map_import_view, name="import"),
    path("opinions/<int:map_id>/", views.opinion_map_console, name="console"),
    path("opinions/<int:map_id>/live/", views.opinion_map_live, name="live"),
    path("opinions/<int:map_id>/statements/", views.statement_add_view, name="statement_add"),
    path(
        "opinions/<int:map_id>/statements/<int:statement_id>/moderate/", views.statement_moderate_view, name="moderate"
    ),
    path("opinions/<int:map_id>/open/", views.opinion_map_open_view, name="open"),
    path("opinions/<int:map_id>/export.zip", views.opinion_map_export_view, name="export"),
    path("join/<str:code>/map/", views.vote, name="vote"),
    path("join/<str:code>/map/results/", views.participant_results, name="participant_results"),
]
