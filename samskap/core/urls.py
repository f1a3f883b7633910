from django.urls import path

from samskap.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/code/", views.login_code, name="login_code"),
    path("account/two-factor/", views.account_two_factor, name="account_two_factor"),
    path("login/sso/callback/", views.oidc_callback, name="oidc_callback"),
    path("login/sso/<slug:slug>/", views.oidc_start, name="oidc_start"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("help/", views.help_page, name="help"),
    path("o/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("o/<slug:slug>/settings/", views.organisation_settings, name="organisation_settings"),
    path("o/<slug:slug>/settings/sign-in/", views.organisation_sign_in, name="organisation_sign_in"),
    path("o/<slug:slug>/people/", views.organisation_people, name="organisation_people"),
    path("o/<slug:slug>/people/<int:membership_id>/revoke/", views.membership_revoke_view, name="membership_revoke"),
    path("o/<slug:slug>/logo", views.organisation_logo, name="organisation_logo"),
    path("o/<slug:slug>/theme.css", views.organisation_theme_css, name="organisation_theme"),
    path("o/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("o/<slug:slug>/audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("o/<slug:slug>/access-review/", views.access_review, name="access_review"),
    path("o/<slug:slug>/personal-data/", views.personal_data, name="personal_data"),
    path("o/<slug:slug>/personal-data/erase/", views.personal_data_erase, name="personal_data_erase"),
    path("join/", views.join_enter, name="join"),
    path("join/<str:code>/", views.join_with_code, name="join_code"),
    path("join/<str:code>/qr.svg", views.join_qr_svg, name="join_qr"),
]
