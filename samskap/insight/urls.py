from django.urls import path

from samskap.insight import views

app_name = "insight"
urlpatterns = [
    path("processes/<int:process_id>/insight/", views.overview, name="overview"),
    path("processes/<int:process_id>/insight/sources/new/", views.source_new, name="source_new"),
    path("processes/<int:process_id>/insight/codes/", views.codebook_view, name="codebook"),
    path("processes/<int:process_id>/insight/export.qdpx", views.export_project, name="export_project"),
    path("processes/<int:process_id>/insight/codebook.qdc", views.export_codebook, name="export_codebook"),
    path("processes/<int:process_id>/insight/import/", views.import_view, name="import"),
    path("processes/<int:process_id>/insight/agreement/", views.agreement_view, name="agreement"),
    path("processes/<int:process_id>/insight/insights/new/", views.insight_new, name="insight_new"),
    path("processes/<int:process_id>/insight/journeys/new/", views.journey_new, name="journey_new"),
    path("journeys/<int:journey_id>/", views.journey_detail, name="journey"),
    path("processes/<int:process_id>/insight/cases/", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("processes/<int:process_id>/insight/legal-hold/", views.legal_hold, name="legal_hold"),
    path("processes/<int:process_id>/insight/key/", views.pseudonym_key, name="key"),
    path("o/<slug:slug>/interview-guides/", views.guides, name="guides"),
    path("o/<slug:slug>/offers/", views.offers, name="offers"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer"),
    path("interview-guides/<int:guide_id>/", views.guide_detail, name="guide"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    path("sources/<int:source_id>/original/", views.source_original, name="original"),
    path("sources/<int:source_id>/review/", views.source_review, name="review"),
    path("sources/<int:source_id>/withdraw/", views.source_withdraw, name="withdraw"),
    path("sources/<int:source_id>/codings/", views.coding_add_view, name="coding_add"),
    path("sources/<int:source_id>/memos/", views.memo_add_view, name="memo_add"),
    path("codings/<int:coding_id>/remove/", views.coding_remove_view, name="coding_remove"),
    path("insights/<int:insight_id>/", views.insight_detail, name="insight"),
]
