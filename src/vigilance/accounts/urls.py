"""Staff pages, under the language prefix: /fr/staff/ and /en/staff/."""

from django.urls import path

from vigilance.accounts import views, views_admin, views_api_keys

app_name = "accounts"

urlpatterns = [
    path("staff/account/", views.account, name="account"),
    path("staff/account/password/", views.password_change, name="password_change"),
    path("staff/account/new-password/", views.password_renew, name="password_renew"),
    path("staff/account/backup-codes/", views.backup_codes_reset, name="backup_codes_reset"),
    path("staff/sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("staff/sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("staff/enrol/", views.enrol, name="enrol"),
    path("staff/confirm/", views.confirm, name="confirm"),
    path("staff/admin/", views_admin.organisation_list, name="admin_organisation_list"),
    path("staff/admin/units/new/", views_admin.unit_create, name="admin_unit_create"),
    path("staff/admin/units/<slug:code>/", views_admin.unit_edit, name="admin_unit_edit"),
    path("staff/admin/people/", views_admin.member_list, name="admin_member_list"),
    path("staff/admin/people/new/", views_admin.member_create, name="admin_member_create"),
    path("staff/admin/people/<int:user_id>/", views_admin.member_edit, name="admin_member_edit"),
    path(
        "staff/admin/people/<int:user_id>/deactivate/",
        views_admin.member_deactivate,
        name="admin_member_deactivate",
    ),
    path(
        "staff/admin/people/<int:user_id>/reset-password/",
        views_admin.member_password_reset,
        name="admin_member_password_reset",
    ),
    path(
        "staff/admin/people/<int:user_id>/reset-authenticator/",
        views_admin.member_authenticator_reset,
        name="admin_member_authenticator_reset",
    ),
    path("staff/admin/grants/", views_admin.grant_list, name="admin_grant_list"),
    path("staff/admin/grants/<int:grant_id>/", views_admin.grant_decide, name="admin_grant_decide"),
    path(
        "staff/admin/unit-moves/<int:move_id>/",
        views_admin.unit_move_decide,
        name="admin_unit_move_decide",
    ),
    path("staff/admin/api-keys/", views_api_keys.api_key_list, name="admin_api_key_list"),
    path("staff/admin/api-keys/new/", views_api_keys.api_key_create, name="admin_api_key_create"),
    path(
        "staff/admin/api-keys/<int:api_key_id>/revoke/",
        views_api_keys.api_key_revoke,
        name="admin_api_key_revoke",
    ),
]
