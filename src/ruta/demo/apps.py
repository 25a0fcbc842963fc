from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world (``ruta seed_demo``): at the top, it builds data through every app's
    services and no app imports it."""

    name = "ruta.demo"
    label = "demo"
