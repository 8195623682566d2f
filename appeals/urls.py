from django.urls import path

from taijiang.core.db import replica_reads

from .views import board, detail, manage, resident, staff

app_name = "appeals"

urlpatterns = [
    path("", resident.submit, name="submit"),
    path("suggest/", resident.suggest, name="suggest"),
    path("mine/", resident.mine, name="mine"),
    path("board/", replica_reads(board.board), name="board"),
    path("worklist/", staff.worklist, name="worklist"),
    path("staff/new/", staff.staff_create, name="staff_create"),
    path("<id:pk>/", detail.detail, name="detail"),
    path("<id:pk>/act/<slug:action>/", detail.act, name="act"),
    path("<id:pk>/contact-phone/", detail.reveal_contact, name="reveal_contact"),
    path("n/<str:number>/", detail.detail_by_number, name="detail_by_number"),
    path("photos/<id:pk>/", detail.photo, name="photo"),
    path("manage/categories/", manage.categories, name="categories"),
    path("manage/categories/new/", manage.category_edit, name="category_create"),
    path("manage/categories/<id:pk>/", manage.category_edit, name="category_edit"),
    path("manage/replies/", manage.canned_replies, name="canned_replies"),
    path("manage/replies/new/", manage.canned_edit, name="canned_create"),
    path("manage/replies/<id:pk>/", manage.canned_edit, name="canned_edit"),
    path("manage/replies/<id:pk>/delete/", manage.canned_delete, name="canned_delete"),
    path("manage/api-keys/", manage.api_keys, name="api_keys"),
    path("manage/api-keys/<id:pk>/toggle/", manage.api_key_toggle, name="api_key_toggle"),
]
