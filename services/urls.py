from django.urls import path

from taijiang.core.db import replica_reads

from .views import appointments, catalogue, figures, queue, requests

app_name = "services"

urlpatterns = [
    # catalogue (public) and its editing
    path("", catalogue.catalogue, name="catalogue"),
    path("items/<slug:code>/", catalogue.item_detail, name="item_detail"),
    path("versions/", catalogue.versions, name="versions"),
    path("versions/<id:number>/", catalogue.version_detail, name="version_detail"),
    path("manage/", catalogue.manage, name="manage"),
    path("manage/new/", catalogue.item_edit, name="item_create"),
    path("manage/<slug:code>/", catalogue.item_edit, name="item_edit"),
    path("manage/<slug:code>/status/", catalogue.item_status, name="item_status"),
    path("publish/", catalogue.publish, name="publish"),
    path("holidays/", catalogue.holidays, name="holidays"),
    path("admission/", catalogue.admission_list, name="admission_list"),
    path("admission/new/", catalogue.admission_propose, name="admission_propose"),
    path("admission/steps/", catalogue.admission_steps, name="admission_steps"),
    path("admission/<id:pk>/", catalogue.admission_detail, name="admission_detail"),
    # requests and proxy
    path("items/<slug:code>/apply/", requests.request_create, name="request_create"),
    path("requests/for-resident/", requests.request_create_for_resident, name="request_create_for_resident"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/<id:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<id:pk>/files/<id:attachment_id>/", requests.attachment, name="attachment"),
    path("requests/<id:pk>/<slug:action>/", requests.request_action, name="request_action"),
    path("proxy/", requests.proxy_tasks, name="proxy_tasks"),
    # queue
    path("queue/console/", queue.console, name="console"),
    path("queue/console/waiting/", queue.console_waiting, name="console_waiting"),
    path("queue/issue/", queue.staff_issue, name="staff_issue"),
    path("queue/windows/<id:window_id>/<slug:action>/", queue.window_action, name="window_action"),
    path("queue/tickets/", replica_reads(figures.ticket_list), name="ticket_list"),
    path("queue/tickets/<id:ticket_id>/<slug:action>/", queue.ticket_action, name="ticket_action"),
    path("queue/appointments/<id:appointment_id>/check-in/", queue.appointment_check_in,
         name="staff_check_in"),
    path("queue/display/<id:centre_id>/", queue.display, name="display"),
    path("queue/display/<id:centre_id>/board/", queue.display_board, name="display_board"),
    path("queue/kiosk/<id:centre_id>/", queue.kiosk, name="kiosk"),
    path("queue/kiosk/<id:centre_id>/register/", queue.kiosk_register, name="kiosk_register"),
    path("queue/ticket/<str:token>/", queue.ticket_status, name="ticket_status"),
    path("queue/mine/", queue.my_tickets, name="my_tickets"),
    # appointments
    path("appointments/", appointments.appointment_list, name="appointment_list"),
    path("appointments/book/", appointments.appointment_book, name="appointment_book"),
    path("appointments/<id:pk>/<slug:action>/", appointments.appointment_action, name="appointment_action"),
    # figures
    path("figures/", replica_reads(figures.figures), name="figures"),
]

