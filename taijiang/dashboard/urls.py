from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/export.csv", views.export, name="export"),
]
