from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.unread_badge, name="badge"),
    path("read/", views.mark_read, name="mark_all_read"),
    path("<id:pk>/read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/test/", views.send_test, name="send_test"),
    path("deliveries/", views.delivery_problems, name="problems"),
    path("deliveries/<id:pk>/retry/", views.retry, name="retry"),
]
