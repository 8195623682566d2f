from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import HomeCard, MineSection, NavItem
from taijiang.users.models import Role

R = Role
ADMINS = frozenset({R.COMMUNITY_ADMIN, R.STREET_ADMIN, R.DISTRICT_ADMIN, "admin"})

NAV_SECTION = "services"
NAV = [
    NavItem(label=_("办事"), url_name="services:catalogue", roles=frozenset({R.RESIDENT, "anonymous"}), order=10,
            icon="📋", tile=True, description=_("办事指南、网上预申请")),
    NavItem(label=_("预约"), url_name="services:appointment_list", roles=frozenset({R.RESIDENT}), order=15,
            icon="🕘", tile=True, description=_("预约窗口，到了签到不排队")),
    NavItem(label=_("叫号台"), url_name="services:console", roles=frozenset({R.WINDOW_STAFF, R.COMMUNITY_ADMIN}),
            order=10),
    NavItem(label=_("办件"), url_name="services:request_list",
            roles=frozenset({R.WINDOW_STAFF, R.COMMUNITY_ADMIN, R.STREET_ADMIN, R.DISTRICT_ADMIN, "admin"}), order=12),
    NavItem(label=_("代办任务"), url_name="services:proxy_tasks", roles=frozenset({R.GRID_WORKER, R.WINDOW_STAFF}),
            order=14),
    NavItem(label=_("事项清单"), url_name="services:manage", roles=frozenset({R.DISTRICT_ADMIN, "admin"}), order=30),
    NavItem(label=_("目录变更"), url_name="services:admission_list", roles=ADMINS, order=31),
    NavItem(label=_("节假日"), url_name="services:holidays", roles=ADMINS, order=32),
    NavItem(label=_("一窗统计"), url_name="services:figures", roles=ADMINS, order=33),
]


def home_cards(user) -> list[HomeCard]:
    from .models import Appointment, QueueTicket, RequestStatus, ServiceRequest

    cards = []
    if not user.is_authenticated:
        return cards
    if user.role in (R.WINDOW_STAFF, R.COMMUNITY_ADMIN) and user.community_id:
        waiting = QueueTicket.objects.filter(centre__community_id=user.community_id,
                                             service_date=timezone.localdate(), status="waiting").count()
        review = ServiceRequest.objects.filter(community_id=user.community_id, status__in=(
            RequestStatus.SUBMITTED, RequestStatus.PRE_REVIEW)).count()
        cards += [
            HomeCard(title=_("等候中的号"), url=reverse("services:console"), count=waiting, urgent=waiting > 10, order=10),
            HomeCard(title=_("待预审的办件"), url=reverse("services:request_list") + "?status=submitted", count=review,
                     order=11),
        ]
    if user.role in (R.GRID_WORKER, R.WINDOW_STAFF, R.COMMUNITY_ADMIN):
        tasks = ServiceRequest.objects.filter(is_proxy=True, assignee=user).exclude(proxy_status="confirmed").count()
        cards.append(HomeCard(title=_("我的代办任务"), url=reverse("services:proxy_tasks"), count=tasks, order=12))
    if user.role == R.RESIDENT:
        cards += live_ticket_cards(user)
        open_count = ServiceRequest.objects.filter(applicant=user).exclude(
            status__in=(RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN)).count()
        cards.append(HomeCard(title=_("办理中的办件"), url=reverse("services:request_list"), count=open_count,
                              order=10))
        upcoming = Appointment.objects.filter(resident=user, status="booked", slot__start__gte=timezone.now())\
            .select_related("slot").order_by("slot__start").first()
        if upcoming:
            cards.append(HomeCard(title=_("下一个预约"), url=reverse("services:appointment_list"),
                                  description=timezone.localtime(upcoming.slot.start).strftime("%m-%d %H:%M"),
                                  order=11))
    return cards


def live_ticket_cards(user) -> list[HomeCard]:
    """Today's live queue number first on the resident's home: where to go, or how many are ahead."""
    from .selectors import live_tickets_of, ticket_positions

    cards = []
    tickets = live_tickets_of(user)
    positions = ticket_positions(tickets)
    for ticket in tickets:
        if ticket.window_id:
            text = _("请到 %(window)s 办理") % {"window": ticket.window}
        else:
            text = _("前面还有 %(ahead)s 人，约 %(minutes)s 分钟") % positions[ticket.pk]
        cards.append(HomeCard(title=_("我的排队号 %(number)s") % {"number": ticket.number},
                              url=reverse("services:my_tickets"), description=f"{ticket.centre.name} · {text}",
                              urgent=bool(ticket.window_id), order=1))
    return cards


def mine_sections(user) -> list[MineSection]:
    if not user.is_authenticated or user.role != R.RESIDENT:
        return []
    from .selectors import appointments_of, live_tickets_of, requests_visible_to

    tickets = live_tickets_of(user)
    return [
        *([MineSection(title=_("今天的排队号"), template="services/_mine_tickets.html",
                       context={"tickets": tickets}, order=1)] if tickets else []),
        MineSection(title=_("我的办件"), template="services/_mine_requests.html",
                    context={"requests": list(requests_visible_to(user)[:5])}, order=10),
        MineSection(title=_("我的预约"), template="services/_mine_appointments.html",
                    context={"appointments": list(appointments_of(user).order_by("-slot__start")[:5])}, order=11),
    ]
