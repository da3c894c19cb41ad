"""System checks of the deployment, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def email_server_configured(app_configs, **kwargs):
    if settings.EMAIL_CONFIGURED:
        return []
    return [
        Warning(
            "no e-mail server configured: reminders and password resets are not sent",
            hint="Set EMAIL_URL (e.g. smtp://user:password@mail.example.org:587?tls=1) or EMAIL_HOST.",
            id="citylink.W001",
        )
    ]
