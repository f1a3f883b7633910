from django.urls import path

from samskap.comparison import api, views

app_name = "comparison"
urlpatterns = [
    path("o/<slug:slug>/statistics/", views.library, name="library"),
    path("statistics/tables/<int:dataset_id>/", views.dataset_detail, name="dataset"),
    path("statistics/tables/<int:dataset_id>/delete/", views.dataset_delete, name="dataset_delete"),
    path("processes/<int:process_id>/statistics/", views.process_statistics, name="process"),
    path("processes/<int:process_id>/statistics/comparisons/new/", views.comparison_new, name="comparison_new"),
    path("processes/<int:process_id>/statistics/matrices/new/", views.matrix_new, name="matrix_new"),
    path("comparisons/<int:comparison_id>/", views.comparison_detail, name="comparison"),
    path("comparisons/<int:comparison_id>/pin/", views.comparison_pin, name="comparison_pin"),
    path("comparisons/<int:comparison_id>/delete/", views.comparison_delete, name="comparison_delete"),
    path("matrices/<int:matrix_id>/", views.matrix_detail, name="matrix"),
    path("matrices/<int:matrix_id>/cells/<int:row_id>/<int:column_id>/", views.matrix_cell, name="matrix_cell"),
    path("matrices/<int:matrix_id>/pin/", views.matrix_pin, name="matrix_pin"),
    path("matrices/<int:matrix_id>/delete/", views.matrix_delete, name="matrix_delete"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path("api/v1/processes/", api.process_list, name="api_processes"),
    path("api/v1/processes/<int:process_id>/", api.process_detail, name="api_process"),
    path("api/v1/comparisons/<int:comparison_id>/", api.comparison_detail, name="api_comparison"),
    path("api/v1/matrices/<int:matrix_id>/", api.matrix_detail, name="api_matrix"),
]
