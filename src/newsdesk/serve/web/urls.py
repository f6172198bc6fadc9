from django.urls import path

from newsdesk.serve.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:pk>/", views.article_detail, name="article"),
    path("a/<int:pk>/<str:slug>/", views.article_detail, name="article_slug"),
    path("s/<str:domain>/", views.source_detail, name="source"),
    path("sources/", views.source_list, name="sources"),
    path("healthz", views.healthz, name="healthz"),
]
