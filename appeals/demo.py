"""Demo appeals for 福祥社区 and its neighbours (福瑞, 后洲新村): a few hundred across categories,
states and levels, with timelines, some overdue, some rated, some on the public board.

Deterministic (a seeded random generator, dates counted back from today) and idempotent: the
demo rows carry serial numbers 9001+ of their day and are only created when none exists yet.
Rows are written with bulk_create; deadlines use the working-time calendar.
"""

import datetime
import functools
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import Building, Community
from taijiang.users.models import Role
from taijiang.workdays.calendar import add_working_hours

from .defaults import ensure_categories
from .models import Appeal, AppealEvent, CannedReply, DeadlineBreach, Level
from .models.appeal import contact_phone_lookup_hash
from .workflow import Status

COUNT = 300
SEED = 20260115
COMMUNITIES = [("fuxiang", 0.6), ("furui", 0.25), ("houzhou-xincun", 0.15)]

TEXTS = {
    "sanitation": ["楼道里垃圾堆了好几天，有异味", "小区垃圾桶满了没人清运", "绿化带里有人乱扔建筑垃圾"],
    "property": ["电梯经常停运，老人上下楼很困难", "楼顶漏水，物业一直没来修", "单元门禁坏了，陌生人随便进出"],
    "municipal": ["路口的路灯坏了，晚上很黑", "人行道上的井盖松动，踩上去会响", "下雨后路面积水严重"],
    "noise": ["楼下广场舞音响太大声", "隔壁装修中午也在施工", "夜市喇叭叫卖到十一点"],
    "illegal-building": ["一楼住户在院子里私搭棚子", "顶楼加盖了彩钢房", "店铺占用楼道堆放货物"],
    "neighbour-dispute": ["楼上漏水到我家，协商不成", "邻居在楼道堆杂物不肯清理", "邻居家狗夜里一直叫"],
    "parking": ["电动车在楼道充电，很危险", "小区门口乱停车堵住消防通道", "车位被长期占用"],
    "fire-hazard": ["楼道里有人飞线充电", "消防栓没有水", "楼梯间堆满纸箱，消防通道被堵"],
    "policy": ["高龄补贴怎么申请？", "退休认证需要带什么材料？", "医保参保缴费在哪里办？"],
    "livelihood": ["独居老人家里灯泡坏了，需要帮忙更换", "腿脚不便，想请人帮忙代办证件", "家里困难，想了解临时救助"],
}
REPLIES = {
    "policy": "已电话告知办理流程和所需材料，可预约窗口办理。",
    "neighbour-dispute": "网格员已上门调解，双方达成一致。",
    "illegal-building": "已会同街道执法队现场核查，责令限期拆除。",
}
DEFAULT_REPLY = "已安排人员现场处理完毕，请您查看。"
STATES = [(Status.SUBMITTED, 12), (Status.ACCEPTED, 8), (Status.IN_PROGRESS, 14), (Status.INFO_REQUESTED, 4),
          (Status.REPLIED, 12), (Status.CLOSED, 40), (Status.MERGED, 4), (Status.DECLINED, 6)]
CANNED = [("已派人处理", "您好，已安排网格员到现场处理，处理完毕后会第一时间告知您。"),
          ("已转物业", "您好，该问题属于物业服务范围，已转交物业公司限期处理。"),
          ("政策咨询答复", "您好，相关政策和办理材料已在“办事指南”中列出，也可预约窗口办理。")]


def _residents(community_codes) -> list:
    User = get_user_model()
    wanted = [f"demo-res-{i:02d}" for i in range(1, 21)]
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    buildings = list(Building.objects.filter(grid__community__code__in=community_codes).select_related(
        "grid__community").order_by("pk"))
    new = []
    for index, username in enumerate(wanted):
        if username in existing:
            continue
        building = buildings[index % len(buildings)]
        user = User(username=username, role=Role.RESIDENT, display_name=f"居民{index + 1:02d}",
                    community=building.grid.community, street=building.grid.community.street, building=building)
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    residents = list(User.objects.filter(username__in=wanted).order_by("username"))
    main = User.objects.filter(username="demo-resident").first()
    return ([main] * 5 if main else []) + residents


def seed(*, stdout) -> None:
    categories = ensure_categories()
    for title, text in CANNED:
        CannedReply.objects.get_or_create(title=title, defaults={"text": text})
    if Appeal.objects.filter(number__regex=r"^YSS-\d{8}-9\d{3}$").exists():
        stdout.write("  appeals: demo appeals already present")
        return
    codes = [code for code, _w in COMMUNITIES]
    communities = {c.code: c for c in Community.objects.filter(code__in=codes).select_related("street")}
    if len(communities) < len(codes):
        stdout.write("  appeals: demo territory missing, skipped")
        return
    buildings = {code: list(Building.objects.filter(grid__community__code=code).select_related(
        "grid__community__street").order_by("pk")) for code in codes}
    residents = _residents(codes)
    staff = get_user_model().objects.filter(username__in=["demo-grid", "demo-community", "demo-street"])
    staff = {u.username: u for u in staff}
    rng = random.Random(SEED)
    now = timezone.now()
    serials: dict[datetime.date, int] = {}
    appeals, plans = [], []
    state_pool = [state for state, weight in STATES for _ in range(weight)]
    for _index in range(COUNT):
        code = rng.choices(codes, weights=[w for _c, w in COMMUNITIES])[0]
        building = rng.choice(buildings[code])
        category = rng.choice(categories)
        state = rng.choice(state_pool)
        age_days = rng.randint(0, 3) if state in (Status.SUBMITTED, Status.ACCEPTED) else rng.randint(1, 60)
        created = now - datetime.timedelta(days=age_days, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
        day = timezone.localdate(created)
        serials[day] = serials.get(day, 9000) + 1
        grid = building.grid
        level = Level.GRID
        if category.default_level != Level.GRID:
            level = category.default_level
        climbs = 0
        for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2]) if state != Status.SUBMITTED else 0):
            if Level.above(level):
                level, climbs = Level.above(level), climbs + 1
        resident = rng.choice(residents)
        appeal = Appeal(
            number=f"YSS-{day:%Y%m%d}-{serials[day]:04d}", submitter=resident, created_by=resident,
            channel=rng.choice([Appeal.Channel.WEB] * 6 + [Appeal.Channel.VISIT, Appeal.Channel.PHONE]),
            category=category, text=rng.choice(TEXTS[category.code]), status=state, level=level, grid=grid,
            community=grid.community, street=grid.community.street, building=building,
            publish_allowed=rng.random() < 0.8, created_at=created, level_entered_at=created,
        )
        if appeal.channel == Appeal.Channel.PHONE:
            # A caller's number, so the masked display and the logged reveal can be tried.
            # bulk_create skips save(): the lookup hash is set here.
            appeal.contact_name = resident.name
            appeal.contact_phone = f"1380001{serials[day] % 10000:04d}"  # no rng draw: the demo stays as it was
            appeal.contact_phone_hash = contact_phone_lookup_hash(appeal.contact_phone)
            appeal.contact_preference = Appeal.ContactPreference.PHONE
        appeal.accept_due = add_working_hours(created, category.accept_hours)
        appeal.reply_due = add_working_hours(created, category.reply_hours)
        appeal.resolve_due = add_working_hours(created, category.resolve_hours)
        plans.append((appeal, climbs))
        appeals.append(appeal)
    _fill_outcomes(plans, rng, now)
    Appeal.objects.bulk_create([a for a in appeals if a.status != Status.MERGED])
    _merge_targets(plans)
    Appeal.objects.bulk_create([a for a in appeals if a.status == Status.MERGED])
    saved = {a.number: a for a in Appeal.objects.filter(number__in=[a.number for a in appeals])
             .select_related("category", "merged_into")}
    events, breaches = _histories(saved, plans, staff, now)
    AppealEvent.objects.bulk_create(events)
    DeadlineBreach.objects.bulk_create(breaches)
    stdout.write(f"  appeals: {len(appeals)} demo appeals, {len(events)} timeline rows, "
                 f"{len(breaches)} deadline breaches")


def _fill_outcomes(plans, rng, now) -> None:
    for appeal, _esc in plans:
        step = datetime.timedelta(hours=rng.randint(2, 30))
        if appeal.status != Status.SUBMITTED:
            appeal.accepted_at = appeal.created_at + datetime.timedelta(hours=rng.randint(1, 4))
        if appeal.status in (Status.REPLIED, Status.CLOSED):
            appeal.first_reply_at = appeal.accepted_at + step
            appeal.resolved_at = min(appeal.first_reply_at + step, now - datetime.timedelta(hours=1))
        if appeal.status == Status.REPLIED:  # replied recently, waiting for the rating
            appeal.resolved_at = now - datetime.timedelta(days=rng.randint(0, 5), hours=2)
        if appeal.status == Status.CLOSED:
            appeal.closed_at = appeal.resolved_at + datetime.timedelta(days=rng.randint(0, 6))
            if rng.random() < 0.8:
                appeal.rating = rng.choices([5, 4, 3, 2, 1], weights=[55, 25, 10, 6, 4])[0]
                appeal.rating_comment = rng.choice(["", "处理很及时，谢谢！", "态度很好", "还可以更快一些"])
                appeal.rated_at = appeal.closed_at
            else:
                appeal.closed_unrated = True
        if appeal.status == Status.DECLINED:
            appeal.decline_reason = "属于私人合同纠纷，建议通过人民调解或法律途径解决。"
            appeal.closed_at = appeal.created_at + step
        if appeal.status in (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS):
            appeal.is_overdue = appeal.resolve_due < now or (
                appeal.status == Status.SUBMITTED and appeal.accept_due < now)


def _merge_targets(plans) -> None:
    """Each demo duplicate follows an earlier case of the same grid and category (or any main case)."""
    mains = {a.number: a for a in Appeal.objects.filter(number__in=[p.number for p, _e in plans])}
    by_place = {}
    for appeal, _esc in plans:
        if appeal.status != Status.MERGED:
            by_place.setdefault((appeal.grid_id, appeal.category_id), mains[appeal.number])
    fallback = next(iter(mains.values()))
    for appeal, _esc in plans:
        if appeal.status == Status.MERGED:
            appeal.merged_into = by_place.get((appeal.grid_id, appeal.category_id), fallback)
            appeal.closed_at = appeal.created_at + datetime.timedelta(hours=2)


def _event(events, appeal, kind, text="", *, at, src="", dst="", level=None, public=True, actor=None) -> None:
    events.append(AppealEvent(appeal=appeal, kind=kind, from_status=src, to_status=dst, level=level or appeal.level,
                              public=public, actor=actor, note=text, at=at))


def _histories(saved, plans, staff, now) -> tuple[list, list]:
    events, breaches = [], []
    worker = staff.get("demo-grid")
    order = Level.order()
    for plan, escalations in plans:
        appeal = saved[plan.number]
        plan = appeal
        holder = {Level.GRID: worker, Level.COMMUNITY: staff.get("demo-community"),
                  Level.STREET: staff.get("demo-street")}.get(appeal.level)
        t = appeal.created_at

        add = functools.partial(_event, events, appeal)
        start_level = order[max(0, order.index(appeal.level) - escalations)]
        add("submitted", f"通过“{appeal.get_channel_display()}”提交。", dst=Status.SUBMITTED, level=start_level,
            actor=appeal.submitter, at=t)
        level = start_level
        for step in range(escalations):
            t = t + datetime.timedelta(hours=5)
            breaches.append(DeadlineBreach(appeal=appeal, level=level, kind=DeadlineBreach.Kind.ACCEPT,
                                           due_at=t - datetime.timedelta(hours=1), escalated=True))
            add("breach", "超时未受理。", level=level, public=False, at=t)
            level = order[order.index(level) + 1]
            add("escalated", f"已上报至{Level(level).label}。", src=Status.SUBMITTED, dst=Status.SUBMITTED,
                level=level, at=t + datetime.timedelta(seconds=step + 1))
        if appeal.accepted_at:
            add("transition", "已受理。", src=Status.SUBMITTED, dst=Status.ACCEPTED, actor=holder, at=appeal.accepted_at)
        if appeal.status in (Status.IN_PROGRESS, Status.REPLIED, Status.CLOSED, Status.INFO_REQUESTED):
            at = appeal.accepted_at + datetime.timedelta(minutes=30)
            add("transition", "开始办理。", src=Status.ACCEPTED, dst=Status.IN_PROGRESS, actor=holder, at=at)
            add("note", "已电话联系居民了解情况。", public=False, actor=holder, at=at + datetime.timedelta(minutes=5))
        if appeal.status == Status.INFO_REQUESTED:
            add("transition", "请补充具体位置和照片。", src=Status.IN_PROGRESS, dst=Status.INFO_REQUESTED,
                actor=holder, at=appeal.accepted_at + datetime.timedelta(hours=1))
        if appeal.resolved_at:
            add("reply", REPLIES.get(appeal.category.code, DEFAULT_REPLY), src=Status.IN_PROGRESS,
                dst=Status.REPLIED, actor=holder, at=appeal.resolved_at)
        if appeal.status == Status.CLOSED:
            if appeal.rating:
                add("rated", f"评价 {appeal.rating} 星。{appeal.rating_comment}", src=Status.REPLIED,
                    dst=Status.CLOSED, actor=appeal.submitter, at=appeal.closed_at)
            else:
                add("transition", "答复后 7 天未评价，自动办结（未评价）。", src=Status.REPLIED, dst=Status.CLOSED,
                    at=appeal.closed_at)
        if appeal.status == Status.DECLINED:
            add("transition", appeal.decline_reason, src=Status.SUBMITTED, dst=Status.DECLINED, actor=holder,
                at=appeal.closed_at)
        if appeal.status == Status.MERGED and plan.merged_into:
            add("merged", f"与诉求 {plan.merged_into.number} 合并办理。", src=Status.SUBMITTED, dst=Status.MERGED,
                actor=holder, at=t + datetime.timedelta(hours=2))
        if appeal.is_overdue:
            breaches.append(DeadlineBreach(appeal=appeal, level=appeal.level, kind=DeadlineBreach.Kind.RESOLVE
                                           if appeal.status != Status.SUBMITTED else DeadlineBreach.Kind.ACCEPT,
                                           due_at=appeal.resolve_due if appeal.status != Status.SUBMITTED
                                           else appeal.accept_due, escalated=False))
    return events, breaches
