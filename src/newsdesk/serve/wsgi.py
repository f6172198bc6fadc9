"""WSGI entry point (``newsdesk serve`` runs it with waitress)."""

import os
from typing import cast

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
django_application = get_wsgi_application()

from newsdesk.serve.web.pagecache import CachedPagesApp, WSGIApp  # noqa: E402 - Django set up first

#: Cached pages for anonymous readers are answered before Django builds a request.
application = CachedPagesApp(cast(WSGIApp, django_application))
