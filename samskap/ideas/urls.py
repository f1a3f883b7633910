from django.urls import path

from samskap.ideas import views

app_name = "ideas"
urlpatterns = [
    path("processes/<int:process_id>/ideas/", views.idea_board, name="board"),
    path("processes/<int:process_id>/ideas/new/", views.idea_new, name="new"),
    path("processes/<int:process_id>/ideas/stages/", views.idea_stages_view, name="stages"),
    path("processes/<int:process_id>/selection/new/", views.selection_new, name="selection_new"),
    path("processes/<int:process_id>/tracks/", views.tracks, name="tracks"),
    path("ideas/<int:idea_id>/", views.idea_detail, name="detail"),
    path("ideas/<int:idea_id>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:idea_id>/move/", views.idea_move_view, name="move"),
    path("ideas/<int:idea_id>/comments/", views.idea_comment_view, name="comment"),
    path("ideas/<int:idea_id>/attachments/", views.idea_attachment_add_view, name="attachment_add"),
    path("ideas/attachments/<int:attachment_id>/", views.idea_attachment_download, name="attachment"),
    path("ideas/attachments/<int:attachment_id>/delete/", views.idea_attachment_delete_view, name="attachment_delete"),
    path("ideas/<int:idea_id>/incubation/", views.idea_incubation_view, name="incubation"),
    path("ideas/<int:idea_id>/end/", views.idea_end_view, name="end"),
    path("selection/<int:selection_id>/", views.selection_detail, name="selection"),
    path("selection/<int:selection_id>/ideas/<int:idea_id>/decide/", views.selection_decide_view, name="decide"),
    path("selection/<int:selection_id>/close/", views.selection_close_view, name="selection_close"),
]
