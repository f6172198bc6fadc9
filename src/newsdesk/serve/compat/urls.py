from django.urls import URLPattern, path

from newsdesk.serve.compat import fever, greader

app_name = "compat"


def greader_patterns(prefix: str) -> list[URLPattern]:
    """The Google Reader API under ``prefix``."""
    api = f"{prefix}reader/api/0/"
    return [
        path(f"{prefix}accounts/ClientLogin", greader.client_login),
        path(f"{api}token", greader.token),
        path(f"{api}user-info", greader.user_info),
        path(f"{api}subscription/list", greader.subscription_list),
        path(f"{api}subscription/edit", greader.subscription_edit),
        path(f"{api}subscription/quickadd", greader.quickadd),
        path(f"{api}tag/list", greader.tag_list),
        path(f"{api}rename-tag", greader.rename_tag),
        path(f"{api}disable-tag", greader.disable_tag),
        path(f"{api}unread-count", greader.unread_count),
        path(f"{api}stream/items/ids", greader.stream_item_ids),
        path(f"{api}stream/items/contents", greader.stream_items_contents),
        path(f"{api}stream/contents", greader.stream_contents),
        path(f"{api}stream/contents/<path:stream_id>", greader.stream_contents),
        path(f"{api}edit-tag", greader.edit_tag),
        path(f"{api}mark-all-as-read", greader.mark_all_as_read),
    ]


urlpatterns = [
    # /fever/?api is the documented address; some clients drop the slash (POST: no redirect).
    path("fever/", fever.endpoint, name="fever"),
    path("fever", fever.endpoint),
    # The Google Reader API at the site root (Miniflux's layout), and under FreshRSS's
    # /api/greader.php for apps that add that path themselves.
    *greader_patterns(""),
    *greader_patterns("api/greader.php/"),
]
