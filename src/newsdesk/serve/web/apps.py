from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages: templates and static files."""

    name = "newsdesk.serve.web"
    label = "web"
    verbose_name = "newsdesk web"

    def ready(self) -> None:
        from newsdesk.serve.web.pagecache import connect_signals

        connect_signals()
