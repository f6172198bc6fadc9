from django.urls import path

from newsdesk.serve.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
]
