from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/forgotten/", views.password_forgotten, name="password_forgotten"),
    path("2fa/", views.TwoFactorView.as_view(), name="two_factor"),
    path("2fa/setup/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("2fa/backup-codes/", views.backup_codes_regenerate, name="backup_codes"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("locked/", views.locked_accounts, name="locked"),
    path("locked/unlock/", views.account_unlock_view, name="unlock"),
    path("locked/reset-2fa/", views.two_factor_reset_view, name="two_factor_reset"),
    path("locked/reset-password/", views.password_reset_view, name="password_reset"),
]
