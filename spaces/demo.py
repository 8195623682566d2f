"""Demo rooms of 福祥社区's centre with a week of slices, bookings and two activities.

Idempotent: rooms by (centre, name), slices by (room, weekday, start, function), bookings and
activities by title; running `seed_demo` again changes nothing. Bookings go through the
services (same rules, reminders written), placed in the coming week.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import ServiceCentre
from taijiang.core.exceptions import DomainError

from .models import Activity, Booking, Function, Room, TimeSlice
from .services import activity_publish, booking_create

F = Function
WEEKDAYS = range(5)
T = datetime.time

# name, kind, area m², capacity, bookers, approval, follows centre hours, equipment, slices
# slices: (weekdays, start, end, function, audience)
ROOMS = [
    ("社区便民服务大厅", Room.Kind.SERVICE, "80", 30, Room.Bookers.STAFF, False, True, "综合窗口 2 个、自助服务机",
     [(WEEKDAYS, T(8, 30), T(12, 0), F.SERVICE, "all"), (WEEKDAYS, T(14, 30), T(17, 30), F.SERVICE, "all")]),
    ("党群活动室", Room.Kind.OPEN, "60", 40, Room.Bookers.RESIDENTS, False, True, "投影仪、音响、40 把椅子",
     [(WEEKDAYS, T(8, 30), T(11, 30), F.ELDERLY, "elderly"), (WEEKDAYS, T(14, 30), T(17, 30), F.GENERAL, "all"),
      ((5,), T(9, 0), T(12, 0), F.LECTURE, "all")]),
    ("近邻客厅", Room.Kind.OPEN, "45", 20, Room.Bookers.RESIDENTS, False, False, "茶桌、沙发、白板",
     [(WEEKDAYS, T(9, 0), T(11, 30), F.ELDERLY, "elderly"), ((1, 3), T(19, 0), T(21, 0), F.DELIBERATION, "all"),
      ((5,), T(9, 0), T(12, 0), F.GENERAL, "all")]),
    ("邻听屋", Room.Kind.OPEN, "20", 8, Room.Bookers.RESIDENTS, True, True, "圆桌、隔音",
     [((1, 3), T(14, 30), T(17, 0), F.DELIBERATION, "all")]),
    ("长者食堂", Room.Kind.SERVICE, "70", 50, Room.Bookers.ORGANISATIONS, True, False, "餐桌 12 张、消毒柜",
     [(range(7), T(11, 0), T(13, 0), F.MEAL, "elderly"), (WEEKDAYS, T(16, 30), T(18, 30), F.AFTER_SCHOOL, "children")]),
    ("妇女儿童之家", Room.Kind.OPEN, "35", 20, Room.Bookers.RESIDENTS, False, False, "绘本角、手工桌、软垫",
     [(WEEKDAYS, T(16, 30), T(18, 30), F.AFTER_SCHOOL, "children"), ((5,), T(9, 0), T(12, 0), F.PARENT_CHILD, "families")]),
    ("多功能室", Room.Kind.OPEN, "60", 40, Room.Bookers.RESIDENTS, False, False, "钢琴、镜墙、移动桌椅",
     [((2,), T(8, 30), T(11, 30), F.HEALTH, "elderly"), (WEEKDAYS, T(14, 30), T(17, 30), F.GENERAL, "all"),
      (WEEKDAYS, T(19, 0), T(21, 0), F.NIGHT_SCHOOL, "youth")]),
    ("书记办公室", Room.Kind.OFFICE, "6", 2, Room.Bookers.STAFF, False, True, "", []),
    ("社区工作人员办公室", Room.Kind.OFFICE, "9", 4, Room.Bookers.STAFF, False, True, "", []),
]

# (room, weekday, start, end, purpose, title, username)
BOOKINGS = [
    ("党群活动室", 1, T(9, 0), T(10, 30), F.ELDERLY, "太极拳晨练", "demo-resident"),
    ("多功能室", 1, T(15, 0), T(16, 30), F.GENERAL, "社区合唱团排练", "demo-resident"),
    ("多功能室", 2, T(19, 0), T(21, 0), F.NIGHT_SCHOOL, "青年夜校：短视频剪辑", "demo-community"),
    ("长者食堂", 3, T(16, 30), T(18, 0), F.AFTER_SCHOOL, "六点半课堂：作业辅导", "demo-community"),
    ("党群活动室", 4, T(14, 30), T(16, 0), F.GENERAL, "党员学习会", "demo-community"),
]


def _next(weekday: int, today: datetime.date) -> datetime.date:
    days = (weekday - today.weekday()) % 7 or 7
    return today + datetime.timedelta(days=days)


def _aware(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def seed(*, stdout) -> None:
    centre = ServiceCentre.objects.select_related("community").filter(community__code="fuxiang").first()
    if centre is None:
        stdout.write("  spaces: 福祥社区 centre missing, skipped")
        return
    term_start = timezone.localdate().replace(day=1)
    rooms = {}
    for name, kind, area, capacity, bookers, approval, own_hours, equipment, slices in ROOMS:
        room, _created = Room.objects.get_or_create(centre=centre, name=name, defaults={
            "kind": kind, "area_m2": Decimal(area), "capacity": capacity, "bookers": bookers,
            "needs_approval": approval, "follows_centre_hours": own_hours, "equipment": equipment,
            "bookable": kind != Room.Kind.OFFICE, "max_duration_minutes": 180, "weekly_quota": 3})
        rooms[name] = room
        for weekdays, starts, ends, function, audience in slices:
            for weekday in weekdays:
                TimeSlice.objects.get_or_create(room=room, weekday=weekday, starts=starts, function=function, defaults={
                    "ends": ends, "audience": audience, "valid_from": term_start,
                    "valid_until": term_start + datetime.timedelta(days=366)})
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    today = timezone.localdate()
    made = 0
    for room_name, weekday, starts, ends, purpose, title, username in BOOKINGS:
        room, user = rooms[room_name], users.get(username)
        if user is None or Booking.objects.filter(room=room, title=title).exists():
            continue
        day = _next(weekday, today)
        try:
            booking_create(room=room, actor=user, start=_aware(day, starts), end=_aware(day, ends), purpose=purpose,
                           title=title, attendees=min(10, room.capacity))
            made += 1
        except DomainError as exc:
            stdout.write(f"  spaces: {title} skipped ({exc.message})")
    admin = users.get("demo-community")
    if admin is not None:
        made += _activities(rooms, admin, today, stdout)
    stdout.write(f"  spaces: {len(rooms)} rooms, {TimeSlice.objects.filter(room__centre=centre).count()} slices, "
                 f"{made} new bookings/activities")


def _activities(rooms, admin, today, stdout) -> int:
    made = 0
    specs = [
        {"room": rooms["妇女儿童之家"], "day": _next(5, today), "start": T(9, 30), "end": T(11, 30),
             "kind": Activity.Kind.PARENT_CHILD, "title": "亲子手作：做一盏元宵灯笼", "capacity": 12,
             "description": "3–10 岁儿童与家长一同参加，材料由社区提供。"},
        {"room": rooms["近邻客厅"], "day": _next(3, today), "start": T(19, 0), "end": T(20, 30),
             "kind": Activity.Kind.DELIBERATION, "title": "近邻客厅议事：福祥小区电动车充电", "capacity": 15,
             "description": "居民、物业、网格员一起商量充电桩选址。",
             "agenda": "一、通报易说事收到的充电难诉求\n二、讨论充电桩选址\n三、表决",
             "appeal_numbers": ["YSS-20261120-0003", "YSS-20261124-0011"]},
    ]
    for spec in specs:
        if Activity.objects.filter(title=spec["title"]).exists():
            continue
        day = spec.pop("day")
        start, end = spec.pop("start"), spec.pop("end")
        try:
            activity_publish(actor=admin, start=_aware(day, start), end=_aware(day, end), **spec)
            made += 1
        except DomainError as exc:
            stdout.write(f"  spaces: {spec['title']} skipped ({exc.message})")
    return made
