from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme and `load_demo`: it builds on every app and no app imports it."""

    name = "demo"
