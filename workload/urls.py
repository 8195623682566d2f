from django.urls import path

from . import views

app_name = "workload"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<id:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<id:pk>/act/<slug:action>/", views.task_act, name="task_act"),
    path("lists/", views.list_versions, name="lists"),
    path("lists/<id:pk>/", views.list_detail, name="list_detail"),
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<id:pk>/", views.application_detail, name="application_detail"),
    path("applications/<id:pk>/act/<slug:action>/", views.application_act, name="application_act"),
    path("refusals/", views.refusal_list, name="refusals"),
    path("refusals/new/", views.refusal_create, name="refusal_create"),
    path("refusals/<id:pk>/", views.refusal_detail, name="refusal_detail"),
    path("refusals/<id:pk>/act/<slug:action>/", views.refusal_act, name="refusal_act"),
    path("ledgers/", views.ledger_list, name="ledgers"),
    path("ledgers/<id:pk>/cut/", views.ledger_cut, name="ledger_cut"),
]
