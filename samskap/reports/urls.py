from django.urls import path

from samskap.reports import views

app_name = "reports"
urlpatterns = [
    path("processes/<int:process_id>/notes/", views.notes, name="notes"),
    path("notes/<int:note_id>/", views.note_detail, name="note"),
    path("notes/<int:note_id>/edit/", views.note_edit, name="edit"),
    path("notes/<int:note_id>/delete/", views.note_delete, name="delete"),
    path("notes/<int:note_id>/note.html", views.export_html, name="export_html"),
    path("notes/<int:note_id>/note.pdf", views.export_pdf, name="export_pdf"),
    path("notes/<int:note_id>/note.docx", views.export_docx, name="export_docx"),
]
