from django.urls import path

from newsdesk.serve.compat import fever

app_name = "compat"
urlpatterns = [
    # /fever/?api is the documented address; some clients drop the slash (POST: no redirect).
    path("fever/", fever.endpoint, name="fever"),
    path("fever", fever.endpoint),
]
