from django.urls import path

from . import views

app_name = "rota"

urlpatterns = [
    path("", views.index, name="index"),
    path("hours/", views.hours, name="hours"),
    path("workers/", views.workers, name="workers"),
    path("<id:pk>/", views.month, name="month"),
    path("<id:pk>/print/", views.print_month, name="print"),
    path("<id:pk>/export.xlsx", views.export_month, name="export"),
    path("mine/", views.my_shifts, name="my_shifts"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
    path("feeds/regenerate/", views.feed_regenerate, name="feed_regenerate"),
]
