from django.urls import path

from samskap.methods import views

app_name = "methods"
urlpatterns = [
    path("o/<slug:slug>/methods/", views.library, name="library"),
    path("o/<slug:slug>/methods/new/", views.guide_edit, name="guide_new"),
    path("o/<slug:slug>/methods/<int:guide_id>/", views.guide_detail, name="guide"),
    path("o/<slug:slug>/methods/<int:guide_id>/edit/", views.guide_edit, name="guide_edit"),
    path("o/<slug:slug>/courses/new/", views.course_new, name="course_new"),
    path("o/<slug:slug>/courses/<int:course_id>/", views.course_detail, name="course"),
]
