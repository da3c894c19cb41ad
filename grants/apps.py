from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants and audit")

    def ready(self):
        from grants import panels
        from partnerships.panels import register_panel

        register_panel("home", 10, panels.home_programme_overview)
        register_panel("partnership", 10, panels.partnership_claims)
        register_panel("partnership", 20, panels.partnership_money)
