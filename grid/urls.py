from django.urls import path

from taijiang.core.db import replica_reads

from . import views

app_name = "grid"

urlpatterns = [
    path("", views.due_list, name="due"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_edit, name="household_create"),
    path("households/export.xlsx", replica_reads(views.export), name="export"),
    path("households/<id:pk>/", views.household_detail, name="household_detail"),
    path("households/<id:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<id:pk>/emergency/", views.household_emergency, name="household_emergency"),
    path("households/<id:household_pk>/residents/new/", views.resident_edit, name="resident_create"),
    path("residents/<id:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<id:pk>/status/", views.resident_status, name="resident_status"),
    path("residents/<id:pk>/reveal/<str:field>/", views.reveal, name="reveal"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<id:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<id:pk>/photo/", views.visit_photo, name="visit_photo"),
    path("policy/", views.policy_edit, name="policy"),
    path("coverage/", replica_reads(views.coverage_view), name="coverage"),
    path("access-log/", views.access_log, name="access_log"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<id:pk>/", views.import_report, name="import_report"),
    path("imports/<id:pk>/mapping/", views.import_mapping, name="import_mapping"),
]
