from django.urls import path

from newsdesk.serve.web import stories, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:pk>/", views.article_detail, name="article"),
    path("a/<int:pk>/<str:slug>/", views.article_detail, name="article_slug"),
    path("s/<str:domain>/", views.source_detail, name="source"),
    path("sources/", views.source_list, name="sources"),
    path("story/<int:pk>/", stories.story_detail, name="story"),
    path("stories/", stories.story_list, name="stories"),
    path("healthz", views.healthz, name="healthz"),
]
