from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from django.contrib.auth import signals

        from core import sessions
        from partnerships import access_log, two_factor
        from project import checks  # noqa: F401 (registers the deployment checks)

        signals.user_logged_in.connect(access_log.on_signed_in, dispatch_uid="access_log_signed_in")
        signals.user_logged_out.connect(access_log.on_signed_out, dispatch_uid="access_log_signed_out")
        signals.user_login_failed.connect(access_log.on_sign_in_failed, dispatch_uid="access_log_sign_in_failed")
        signals.user_logged_in.connect(sessions.remember_sign_in_time, dispatch_uid="session_signed_in_at")
        signals.user_logged_in.connect(two_factor.remember_device_at_sign_in, dispatch_uid="two_factor_device")
