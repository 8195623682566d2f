from django.urls import path

from taijiang.core.db import replica_reads

from .views import feeds, manage, public

app_name = "spaces"

urlpatterns = [
    path("", public.rooms, name="rooms"),
    path("rooms/<id:pk>/", public.room_detail, name="room_detail"),
    path("rooms/<id:pk>/day/", public.room_day, name="room_day"),
    path("rooms/<id:pk>/week/", public.room_week, name="room_week"),
    path("rooms/<id:pk>/book/", public.book, name="book"),
    path("photos/<id:pk>/", public.room_photo, name="room_photo"),
    path("mine/", public.my_bookings, name="my_bookings"),
    path("bookings/<id:pk>/cancel/", public.booking_cancel, name="booking_cancel"),
    path("bookings/<id:pk>/check-in/", public.booking_check_in, name="booking_check_in"),
    path("activities/", public.activities, name="activities"),
    path("activities/<id:pk>/", public.activity_detail, name="activity_detail"),
    path("activities/<id:pk>/signup/", public.activity_signup, name="activity_signup"),
    path("signups/<id:pk>/cancel/", public.signup_cancel, name="signup_cancel"),
    path("feeds/me/<str:token>.ics", feeds.feed_user, name="feed_user"),
    path("feeds/rooms/<id:pk>.ics", feeds.feed_room, name="feed_room"),
    path("feeds/regenerate/", feeds.feed_regenerate, name="feed_regenerate"),
    path("manage/rooms/", manage.manage_rooms, name="manage_rooms"),
    path("manage/rooms/new/", manage.room_edit, name="room_create"),
    path("manage/rooms/<id:pk>/", manage.room_edit, name="room_edit"),
    path("manage/rooms/<id:pk>/photos/", manage.room_photo_add, name="room_photo_add"),
    path("manage/rooms/<id:pk>/slices/", manage.room_slices, name="room_slices"),
    path("manage/slices/<id:pk>/delete/", manage.slice_delete, name="slice_delete"),
    path("manage/exceptions/<id:pk>/delete/", manage.exception_delete, name="exception_delete"),
    path("manage/approvals/", manage.approvals, name="approvals"),
    path("manage/bookings/", manage.manage_bookings, name="manage_bookings"),
    path("manage/bookings/<id:pk>/decide/", manage.booking_decide, name="booking_decide"),
    path("manage/activities/", manage.manage_activities, name="manage_activities"),
    path("manage/activities/new/", manage.activity_create, name="activity_create"),
    path("manage/activities/<id:pk>/", manage.activity_manage, name="activity_manage"),
    path("manage/figures/", replica_reads(manage.figures), name="figures"),
]
