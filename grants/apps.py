from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants and audit")

    def ready(self):
        from core.panels import register_panel
        from grants import panels, queues

        register_panel("home", 10, panels.home_programme_overview)
        register_panel("partnership", 10, panels.partnership_claims)
        register_panel("partnership", 20, panels.partnership_money)
        register_panel("queue", 10, queues.claims_to_audit)
        register_panel("queue", 40, queues.claims_to_sign_off)
        register_panel("queue", 60, queues.claims_to_submit)
        register_panel("queue", 70, queues.questions_to_answer)
