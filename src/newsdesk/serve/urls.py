from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsdesk.serve.api.urls")),
    # Reader apps: the Fever and Google Reader APIs.
    path("", include("newsdesk.serve.compat.urls")),
    path("", include("newsdesk.serve.web.urls")),
]
