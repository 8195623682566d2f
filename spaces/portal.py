"""Navigation, home cards and “我的” sections of the spaces app (kept to a few COUNT queries)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.days import day_bounds
from taijiang.core.portal import HomeCard, MineSection, NavItem
from taijiang.users.models import ADMIN_ROLES, Role

RESIDENT = frozenset({Role.RESIDENT})
ADMINS = frozenset(ADMIN_ROLES)

NAV_SECTION = "spaces"
NAV = [
    NavItem(label=_("约场地"), url_name="spaces:rooms", roles=RESIDENT, order=40, icon="🏠", tile=True,
            description=_("预约活动室、报名社区活动")),
    NavItem(label=_("社区活动"), url_name="spaces:activities", roles=RESIDENT, order=41),
    NavItem(label=_("场地签到"), url_name="spaces:manage_bookings", roles=frozenset({Role.WINDOW_STAFF}), order=60),
    NavItem(label=_("场地管理"), url_name="spaces:manage_rooms", roles=ADMINS, order=60),
    NavItem(label=_("预约审核"), url_name="spaces:approvals", roles=ADMINS, order=61),
    NavItem(label=_("活动管理"), url_name="spaces:manage_activities", roles=ADMINS, order=62),
    NavItem(label=_("空间数据"), url_name="spaces:figures", roles=ADMINS, order=63),
]


def home_cards(user) -> list[HomeCard]:
    from .models import ACTIVE_STATUSES, Activity, Booking, SignUp, SignUpStatus
    from .permissions import is_admin
    from .selectors import bookings_managed_by, pending_approvals

    now = timezone.now()
    if user.is_resident:
        cards = []
        booking = (Booking.objects.filter(booker=user, status__in=ACTIVE_STATUSES, end__gt=now)
                   .select_related("room").order_by("start").first())
        if booking:
            cards.append(HomeCard(title=_("下一个场地预约"), url=reverse("spaces:my_bookings"), order=40,
                                  description=f"{timezone.localtime(booking.start):%m-%d %H:%M} {booking.room.name}"))
        signup = (SignUp.objects.filter(resident=user, status=SignUpStatus.CONFIRMED, activity__booking__end__gt=now,
                                        activity__status=Activity.Status.PUBLISHED)
                  .select_related("activity__booking").order_by("activity__booking__start").first())
        if signup:
            cards.append(HomeCard(title=_("下一个活动"), url=reverse("spaces:activity_detail", args=[signup.activity_id]),
                                  order=41, description=f"{timezone.localtime(signup.activity.booking.start):%m-%d %H:%M} "
                                                        f"{signup.activity.title}"))
        return cards
    if not is_admin(user):
        return []
    first, after = day_bounds(timezone.localdate())
    todays = bookings_managed_by(user).filter(activity__isnull=False, start__gte=first, start__lt=after,
                                              status__in=ACTIVE_STATUSES).count()
    pending = pending_approvals(user).count()
    return [
        HomeCard(title=_("待审核的场地预约"), url=reverse("spaces:approvals"), count=pending, urgent=pending > 0,
                 order=40),
        HomeCard(title=_("今日活动"), url=reverse("spaces:manage_activities"), count=todays, order=41),
    ]


def mine_sections(user) -> list[MineSection]:
    if not user.is_authenticated:
        return []
    from .selectors import bookings_of, signups_of

    return [MineSection(title=_("我的场地预约与活动报名"), template="spaces/_mine.html", order=40, context={
        "bookings": list(bookings_of(user).filter(end__gte=timezone.now())[:5]),
        "signups": list(signups_of(user).filter(activity__booking__end__gte=timezone.now())[:5]),
    })]
