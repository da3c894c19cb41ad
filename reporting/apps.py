from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Results and reports")

    def ready(self):
        from core.panels import register_panel
        from reporting import panels, queues

        register_panel("partnership", 3, panels.partnership_reports)
        register_panel("partnership", 5, panels.partnership_outcomes)
        register_panel("partnership", 15, panels.partnership_release)
        register_panel("home", 20, panels.home_programme_charts)
        register_panel("queue", 5, queues.report_to_write)
        register_panel("queue", 20, queues.reports_to_review)
        register_panel("queue", 30, queues.late_reports)
        register_panel("queue", 50, queues.tranches_to_release)
