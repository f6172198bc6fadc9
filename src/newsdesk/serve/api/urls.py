from django.urls import path, re_path

from newsdesk.serve.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("stories", views.story_list, name="stories"),
    path("stories/<int:pk>", views.story_detail, name="story"),
    path("articles", views.article_list, name="articles"),
    path("articles/<int:pk>", views.article_detail, name="article"),
    path("sources", views.source_list, name="sources"),
    path("sources/<str:domain>", views.source_detail, name="source"),
    path("search", views.search, name="search"),
    path("entities/<path:key>", views.entity_detail, name="entity"),
    # Last: anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
