from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages: templates and static files."""

    name = "newsdesk.serve.web"
    label = "web"
    verbose_name = "newsdesk web"
