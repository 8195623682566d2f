from django.urls import path

from . import views

app_name = "canteen"

urlpatterns = [
    path("", views.index, name="index"),
    path("plan/", views.plan, name="plan"),
    path("kitchen/", views.kitchen, name="kitchen"),
    path("counter/", views.counter, name="counter"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("statement/", views.statement, name="statement"),
    path("statement.xlsx", views.statement_xlsx, name="statement_xlsx"),
]
