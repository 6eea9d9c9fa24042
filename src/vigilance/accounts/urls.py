"""Staff pages, under the language prefix: /fr/staff/ and /en/staff/."""

from django.urls import path

from vigilance.accounts import views

app_name = "accounts"

urlpatterns = [
    path("staff/account/", views.staff_home, name="account"),
    path("staff/sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("staff/sign-out/", views.SignOutView.as_view(), name="sign_out"),
]
