from django.urls import path

from taijiang.core.db import replica_reads

from . import views

app_name = "dashboard"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("dashboard/", replica_reads(views.overview), name="overview"),
    path("dashboard/export.csv", replica_reads(views.export), name="export"),
    path("dashboard/report/", replica_reads(views.report), name="report"),
    path("dashboard/report.pdf", replica_reads(views.report_pdf), name="report_pdf"),
    path("dashboard/export.xlsx", replica_reads(views.export_xlsx), name="export_xlsx"),
]
