"""Demo data for the one-window service (run by `seed_demo`, idempotent by natural keys).

The catalogue (53 items, published as version 1), the admission procedure, two windows at
福祥社区's centre, a morning of tickets, requests in every state for demo-resident, two proxy
tasks for demo-grid and two appointments.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import Community, Resident, ServiceCentre

from . import services
from .catalogue_data import ALIASES, ITEMS
from .models import (
    Appointment,
    ApprovalStep,
    CatalogueVersion,
    ItemMaterial,
    QueueTicket,
    ServiceItem,
    ServiceRequest,
    TicketCounter,
    TicketEvent,
    Window,
)


def seed_catalogue() -> int:
    created = 0
    for order, (code, name, group, level, promised, legal, online, proxy, home, materials, conditions, basis) in \
            enumerate(ITEMS):
        item, was_created = ServiceItem.objects.get_or_create(code=code, defaults={
            "name": name, "aliases": "\n".join(ALIASES.get(code, [])), "group": group, "level": level, "promised_days": promised, "legal_days": legal,
            "online": online, "proxy": proxy, "home_service": home, "conditions": conditions, "legal_basis": basis,
            "status": ServiceItem.Status.ACTIVE, "unpublished_changes": False, "order": order,
        })
        if was_created:
            created += 1
            ItemMaterial.objects.bulk_create([
                ItemMaterial(item=item, name=m_name, form=form, copies=copies, note=note, order=index)
                for index, (m_name, form, copies, note) in enumerate(materials)
            ])
    return created


def seed(*, stdout) -> None:
    User = get_user_model()
    created = seed_catalogue()
    if not CatalogueVersion.objects.exists():  # the catalogue is district-wide: a district admin publishes it
        services.catalogue_publish(actor=User.objects.get(username="demo-district"), note="台江区社区服务事项清单（首版）")
    for order, label, role in ((1, "社区代表意见", "community_admin"), (2, "区级审批", "district_admin")):
        ApprovalStep.objects.get_or_create(order=order, defaults={"label": label, "role": role})

    fuxiang = Community.objects.get(code="fuxiang")
    centre = ServiceCentre.objects.get(community=fuxiang)
    window_user = User.objects.get(username="demo-window")
    w1, _ = Window.objects.get_or_create(centre=centre, number=1, defaults={"name": "综合窗口", "is_open": True,
                                                                             "staff": window_user})
    w2, _ = Window.objects.get_or_create(centre=centre, number=2, defaults={"name": "综合窗口"})
    _seed_morning(centre, (w1, w2), window_user)
    resident = User.objects.get(username="demo-resident")
    _seed_requests(fuxiang, resident, window_user, User.objects.get(username="demo-grid"))
    _seed_appointments(centre, resident)
    stdout.write(f"  services: {ServiceItem.objects.count()} items ({created} new), "
                 f"{QueueTicket.objects.filter(centre=centre).count()} tickets, "
                 f"{ServiceRequest.objects.filter(community=fuxiang).count()} requests at 福祥社区")


def _seed_morning(centre, windows, staff) -> None:
    today = timezone.localdate()
    if QueueTicket.objects.filter(centre=centre, service_date=today).exists():
        return
    now = timezone.now()
    items = list(ServiceItem.objects.filter(code__in=["rs-renzheng", "mz-gaoling", "ga-liudong", "qt-juzhu",
                                                      "jr-caiji", "wj-qianyue"]))
    # (minutes ago issued, status, window index, minutes waited, minutes served, priority)
    plan = [(150, "completed", 0, 4, 9, ""), (146, "completed", 1, 6, 12, ""), (140, "completed", 0, 10, 7, ""),
            (131, "no_show", 1, 12, 0, ""), (125, "completed", 0, 9, 11, "70岁以上"), (118, "completed", 1, 14, 8, ""),
            (102, "transferred", 0, 11, 6, ""), (95, "completed", 1, 8, 15, ""), (80, "completed", 0, 7, 10, ""),
            (40, "serving", 0, 12, 0, ""), (25, "waiting", None, 0, 0, ""), (18, "waiting", None, 0, 0, "孕妇"),
            (9, "waiting", None, 0, 0, ""), (3, "waiting", None, 0, 0, "")]
    for sequence, (ago, status, w_index, waited, served, priority) in enumerate(plan, start=1):
        issued = now - datetime.timedelta(minutes=ago)
        called = issued + datetime.timedelta(minutes=waited) if status != "waiting" else None
        done = called + datetime.timedelta(minutes=served) if status in ("completed", "transferred", "no_show") else None
        ticket = QueueTicket.objects.create(
            centre=centre, service_date=today, number=f"A{sequence:03d}", sequence=sequence, status=status,
            is_priority=bool(priority), priority_reason=priority, priority_verified_by=staff if priority else None,
            item=items[sequence % len(items)] if items else None, window=windows[w_index] if w_index is not None else None,
            recall_count=2 if status == "no_show" else 0, issued_at=issued, called_at=called,
            served_at=called if status in ("completed", "serving") else None, completed_at=done,
            source=QueueTicket.Source.KIOSK,
        )
        TicketEvent.objects.create(ticket=ticket, action="issue", to_status="waiting")
    TicketCounter.objects.update_or_create(centre=centre, service_date=today, prefix="A",
                                           defaults={"last": len(plan)})


def _seed_requests(community, resident, staff, grid_worker) -> None:
    if ServiceRequest.objects.filter(community=community).exists():
        return
    item = ServiceItem.objects.get

    def new(code, **kwargs):
        return services.request_submit(item=item(code=code), actor=kwargs.pop("actor", resident), community=community,
                                       applicant=kwargs.pop("applicant", resident), grid=resident.building.grid
                                       if resident.building_id else None, applicant_phone=resident.phone or "",
                                       **kwargs)

    new("mz-gaoling", description="母亲今年满 80 岁，申请高龄补贴。")
    services.request_start_review(request=new("qt-juzhu", description="办理居住证明用于孩子入学。"), actor=staff)
    r = new("mz-youdai", description="申请 70 岁以上老年人优待证。")
    services.request_start_review(request=r, actor=staff)
    services.request_mark_missing(request=r, actor=staff, missing=["近期一寸免冠彩色照片"], note="照片需白底。")
    for code, steps in (("wj-qianyue", ["accept"]), ("mz-dibao", ["accept", "transfer"]),
                        ("rs-renzheng", ["accept", "complete"]), ("qt-gongzu", ["reject"]), ("qt-zhiyuan", ["withdraw"])):
        r = new(code)
        services.request_start_review(request=r, actor=staff)
        for step in steps:
            if step == "accept":
                services.request_accept(request=r, actor=staff)
            elif step == "transfer":
                services.request_process(request=r, actor=staff, level="street", note="转街道民政科审核。")
            elif step == "complete":
                services.request_complete(request=r, actor=staff, result="已完成本年度资格认证。")
            elif step == "reject":
                services.request_reject(request=r, actor=staff, reason="家庭收入超过公租房申请标准。")
            elif step == "withdraw":
                services.request_withdraw(request=r, actor=resident)
    # Two proxy tasks for people registered in demo-grid's grids.
    registry = list(Resident.objects.filter(household__building__grid__in=grid_worker.grids.all())[:2])
    for index, code in enumerate(("rs-renzheng", "mz-jujia")):
        person = registry[index] if index < len(registry) else None
        grid = person.household.building.grid if person else grid_worker.grids.order_by("code").first()
        name = person.name if person else ("张阿公", "李奶奶")[index]
        r = services.request_submit(item=item(code=code), actor=grid_worker, community=community, grid=grid,
                                    registry_resident=person, applicant=person.user if person else None,
                                    applicant_name=name, channel=ServiceRequest.Channel.PROXY, is_proxy=True,
                                    consent_by=name, consent_method="in_person", description="行动不便，入户走访时申请代办。")
        services.proxy_assign(request=r, assignee=grid_worker, actor=grid_worker)


def _seed_appointments(centre, resident) -> None:
    if Appointment.objects.filter(resident=resident).exists():
        return
    day = timezone.localdate()
    booked = 0
    for _ in range(14):
        day += datetime.timedelta(days=1)
        slots = [s for s in services.ensure_slots(centre=centre, day=day) if s.remaining]
        if not slots:
            continue
        item = ServiceItem.objects.get(code="mz-youdai" if not booked else "jr-caiji")
        services.appointment_book(resident=resident, slot=slots[1 if len(slots) > 1 else 0], item=item, actor=resident)
        booked += 1
        if booked == 2:
            break
