from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The one Django app holding newsdesk's data."""

    name = "newsdesk.store"
    label = "newsdesk"
    verbose_name = "newsdesk"
    default_auto_field = "django.db.models.BigAutoField"
