from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and none owns: formatting, files, paging, panels, sessions, charts' style.

    core imports no other app of the project; it holds no models.
    """

    name = "core"
