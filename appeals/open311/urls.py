from django.urls import path, re_path

from taijiang.core.db import replica_reads

from . import views

app_name = "open311"

urlpatterns = [
    path("v2/", views.index, name="index"),
    path("v2/discovery.<str:fmt>", views.discovery, name="discovery"),
    path("v2/services.<str:fmt>", views.service_list, name="services"),
    path("v2/services/<str:service_code>.<str:fmt>", views.service_definition, name="service"),
    path("v2/requests.<str:fmt>", replica_reads(views.requests_view), name="requests"),
    path("v2/requests/<str:service_request_id>.<str:fmt>", replica_reads(views.request_detail), name="request"),
    re_path(r"^v2/(?P<rest>.*)$", views.not_found),
]
