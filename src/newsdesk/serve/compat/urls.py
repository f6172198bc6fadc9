from django.urls import re_path

from newsdesk.serve.compat import fever

app_name = "compat"
urlpatterns = [
    # /fever/?api (the documented address) and /fever?api (some clients drop the slash).
    re_path(r"^fever/?$", fever.endpoint, name="fever"),
]
