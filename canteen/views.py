"""Canteen pages (HTTP only): the week's menus and ordering, menu planning, kitchen counts, the
counter with delivery rounds, today's deliveries on a grid worker's phone, the monthly statement."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grid.models import Community, Resident
from taijiang.core.access import deny_unless, in_scope_or_404, login_required, role_required
from taijiang.core.http import parse_date, parse_id
from taijiang.core.pages import Action, attempt, run_action
from taijiang.users.models import Role

from . import selectors, services
from .forms import MealForm, OptionalReasonForm, OrderForm, ReasonForm, RoundForm
from .models import Dish, Fulfilment, Meal, MealStatus, Order, OrderStatus, Sitting
from .permissions import MANAGE_REFUSED, STAFF_REFUSED, can_manage, can_staff, is_admin, is_staff_somewhere

ELDER_AGE = 60
MEMBER_LIMIT = 300


def _canteen(request, *, staff=False):
    """The canteen the page is about: ?canteen= among the visible ones, else the first (404 when none)."""
    if staff:
        deny_unless(is_staff_somewhere(request.user), STAFF_REFUSED)
    canteens = selectors.canteens_visible_to(request.user)
    wanted = parse_id(request.GET.get("canteen") or request.POST.get("canteen"))
    canteen = (canteens.filter(pk=wanted) if wanted else canteens).order_by("pk").first()
    if canteen is None and not wanted and not staff and not is_staff_somewhere(request.user):
        return None, canteens  # a resident or grid worker without a canteen: the page says so
    if canteen is None:
        raise Http404
    return canteen, canteens


def _members(user, canteen):
    """Whom the user may order for on the page: household (resident), elders of their grids (grid
    worker), elders of the canteen's community (staff)."""
    today = timezone.localdate()
    elders = Q(birth_date__lte=today.replace(year=today.year - ELDER_AGE)) | Q(birth_date__isnull=True)
    qs = Resident.objects.filter(status=Resident.Status.ACTIVE).order_by("name", "pk")
    if user.role == Role.RESIDENT:
        return list(selectors.household_members(user))
    if user.role == Role.GRID_WORKER:
        from taijiang.users.scope import scope_for

        return list(qs.filter(elders, household__building__grid__in=scope_for(user).grid_ids)[:MEMBER_LIMIT])
    if can_staff(user, canteen):
        return list(qs.filter(elders, household__building__grid__community=canteen.community)[:MEMBER_LIMIT])
    return []


def _place(request, canteen, data, members):
    meal = Meal.objects.filter(pk=data["meal"], canteen=canteen).first()
    if meal is None:
        raise Http404
    resident = next((m for m in members if m.pk == data["resident"]), None)
    if resident is None:
        raise Http404
    dish = Dish.objects.filter(pk=data["dish"], meal=meal).first() if data.get("dish") else None
    return services.order_place(meal=meal, resident=resident, actor=request.user, fulfilment=data["fulfilment"],
                                dish=dish, note=data.get("note", ""))


@login_required
def index(request):
    """长者食堂: this week's menus, ordering for oneself or a household member, and one's orders."""
    canteen, canteens = _canteen(request)
    if canteen is None:
        return render(request, "canteen/none.html")
    first, last = selectors.week_of(timezone.localdate())
    meals = list(selectors.meals_between(canteen, first, last))
    members = _members(request.user, canteen)
    form = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "order":
            meal = next((m for m in meals if m.pk == parse_id(request.POST.get("meal"))), None)
            form = OrderForm(request.POST, members=members, dishes=meal.dishes.all() if meal else ())
            if form.is_valid():
                outcome = attempt(request, form, lambda: _place(request, canteen, form.cleaned_data, members),
                                  announce=True)
                if outcome:
                    order = outcome.value
                    messages.success(request, _("已为%(name)s订好%(meal)s，补贴 %(subsidy)s 元，自付 %(paid)s 元。") % {
                        "name": order.resident.name, "meal": services.meal_label(order.meal),
                        "subsidy": f"{order.subsidy:.2f}", "paid": f"{order.paid_by_resident:.2f}"})
                    return redirect(f"{request.path}?canteen={canteen.pk}")
                status = outcome.status
            else:
                status = 400
                messages.error(request, _("请检查订餐信息。"))
        elif action == "cancel":
            order = get_object_or_404(selectors.orders_visible_to(request.user), pk=parse_id(request.POST.get("order"))
                                      or 0)
            reason_form = OptionalReasonForm(request.POST)
            reason = reason_form.cleaned_data["reason"] if reason_form.is_valid() else ""
            outcome = attempt(request, None, lambda: services.order_cancel(order=order, actor=request.user,
                                                                           reason=reason))
            if outcome:
                messages.success(request, _("订餐已取消。"))
            return redirect(f"{request.path}?canteen={canteen.pk}")
        else:
            raise Http404
    my_orders = selectors.orders_visible_to(request.user).filter(meal__date__gte=first)\
        .exclude(status=OrderStatus.CANCELLED)
    if request.user.role != Role.RESIDENT:
        my_orders = my_orders.filter(placed_by=request.user)
    ordered = {(o.meal_id, o.resident_id) for o in my_orders}
    now = timezone.now()
    days = []
    for day in (first + datetime.timedelta(days=n) for n in range(7)):
        day_meals = [m for m in meals if m.date == day]
        for meal in day_meals:
            meal.open = services.is_open_for_orders(meal, now=now) and meal.taken < meal.capacity
            meal.cutoff = timezone.localtime(services.cutoff_of(canteen, meal.date))
            meal.ordered_for = [m.name for m in members if (meal.pk, m.pk) in ordered]
        days.append({"day": day, "meals": day_meals})
    return render(request, "canteen/index.html", {
        "canteen": canteen, "canteens": canteens, "days": days, "members": members, "form": form,
        "orders": list(my_orders[:50]), "fulfilments": Fulfilment.choices,
        "is_staff": can_staff(request.user, canteen), "is_manager": can_manage(request.user, canteen),
    }, status=status)


# --- menu planning ----------------------------------------------------------------------------

def _save_meal(request, canteen, data):
    # Saving a date and sitting that already has a menu edits it (refused once it is published).
    meal = Meal.objects.filter(canteen=canteen, date=data["date"], sitting=data["sitting"]).first()
    return services.meal_save(canteen=canteen, actor=request.user, meal=meal, **data)


def _meal_of(request, canteen) -> Meal:
    return get_object_or_404(Meal, pk=parse_id(request.POST.get("meal")) or 0, canteen=canteen)


def _publish_week(request, canteen, data):
    start = parse_date(request.POST.get("start")) or timezone.localdate()
    drafts = Meal.objects.filter(canteen=canteen, status=MealStatus.DRAFT, date__gte=start,
                                 date__lt=start + datetime.timedelta(days=7))
    return [services.meal_publish(meal=meal, actor=request.user) for meal in drafts]


PLAN_ACTIONS = {
    "save": Action(_save_meal, gettext_lazy("菜单已保存为草稿。"), form=lambda r, c: MealForm(r.POST, prefix="meal")),
    "publish": Action(lambda r, c, d: services.meal_publish(meal=_meal_of(r, c), actor=r.user),
                      gettext_lazy("菜单已发布，居民可以订餐了。")),
    "publish_week": Action(_publish_week, lambda published: _("已发布 %(count)s 个餐次。") % {"count": len(published)}),
    "cancel": Action(lambda r, c, d: services.meal_cancel(meal=_meal_of(r, c), actor=r.user, reason=d["reason"]),
                     lambda count: _("餐次已取消，已通知 %(count)s 位订餐居民。") % {"count": count},
                     form=lambda r, c: ReasonForm(r.POST, prefix="cancel")),
}


@login_required
def plan(request):
    """Menu planning for the week from ?start= (default today): drafts, publish, cancel with notice."""
    canteen, canteens = _canteen(request, staff=True)
    deny_unless(can_manage(request.user, canteen), MANAGE_REFUSED)
    start = parse_date(request.GET.get("start") or request.POST.get("start")) or timezone.localdate()
    form = MealForm(prefix="meal", initial={"date": start})
    status = 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        # The meal form keeps what was typed beside its errors; the buttons' refusals are messages.
        outcome = run_action(request, PLAN_ACTIONS, name, canteen, messages_only=name != "save")
        if outcome:
            return redirect(f"{request.path}?canteen={canteen.pk}&start={start:%Y-%m-%d}")
        status = outcome.status
        if request.POST.get("action") == "save":
            form = outcome.form
    meals = {(m.date, m.sitting): m for m in selectors.meals_between(canteen, start, start + datetime.timedelta(
        days=6), published_only=False)}
    days = [{"day": day, "sittings": [(value, label, meals.get((day, value))) for value, label in Sitting.choices]}
            for day in (start + datetime.timedelta(days=n) for n in range(7))]
    return render(request, "canteen/plan.html", {
        "canteen": canteen, "canteens": canteens, "days": days, "form": form, "start": start,
        "previous": start - datetime.timedelta(days=7), "next": start + datetime.timedelta(days=7),
        "cancel_form": ReasonForm(prefix="cancel"),
    }, status=status)


# --- the kitchen and the counter ----------------------------------------------------------------

@login_required
def kitchen(request):
    """The day's portions for the kitchen, by sitting, fulfilment and dish."""
    canteen, canteens = _canteen(request, staff=True)
    deny_unless(can_staff(request.user, canteen), STAFF_REFUSED)
    day = parse_date(request.GET.get("date")) or timezone.localdate()
    return render(request, "canteen/kitchen.html", {
        "canteen": canteen, "canteens": canteens, "day": day, "counts": selectors.kitchen_counts(canteen, day)})


def _counter_order(request, canteen) -> Order:
    return get_object_or_404(Order, pk=parse_id(request.POST.get("order")) or 0, meal__canteen=canteen)


def _plan_round(request, canteen, data):
    from django.contrib.auth import get_user_model

    worker = None
    if data.get("worker"):
        worker = get_object_or_404(get_user_model(), pk=data["worker"], role=Role.GRID_WORKER)
    return services.round_plan(canteen=canteen, date=timezone.localdate(), sitting=data["sitting"], actor=request.user,
                               worker=worker, volunteer_name=data.get("volunteer_name", ""),
                               volunteer_phone=data.get("volunteer_phone", ""))


COUNTER_ACTIONS = {
    "serve": Action(lambda r, c, d: services.order_serve(order=_counter_order(r, c), actor=r.user),
                    lambda order: _("%(name)s 已就餐。") % {"name": order.resident.name}),
    "no_show": Action(lambda r, c, d: services.order_no_show(order=_counter_order(r, c), actor=r.user),
                      gettext_lazy("已登记为未取餐。")),
    "cancel": Action(lambda r, c, d: services.order_cancel(order=_counter_order(r, c), actor=r.user,
                                                           reason=d["reason"]),
                     gettext_lazy("订餐已取消。"), form=ReasonForm),
    "round": Action(_plan_round, lambda rnd: _("已安排 %(courier)s 送餐。") % {"courier": rnd.courier},
                    form=lambda r, c: RoundForm(r.POST, workers=_grid_workers(c))),
    "deliver": Action(lambda r, c, d: services.round_mark_delivered(order=_counter_order(r, c), actor=r.user),
                      gettext_lazy("已标记送达。")),
}


def _grid_workers(canteen):
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(role=Role.GRID_WORKER, community=canteen.community,
                                                is_active=True).order_by("display_name", "pk"))


@login_required
def counter(request):
    """Today's orders at the counter (served, no-show) and the delivery rounds to hand out."""
    canteen, canteens = _canteen(request, staff=True)
    deny_unless(can_staff(request.user, canteen), STAFF_REFUSED)
    if request.method == "POST":
        run_action(request, COUNTER_ACTIONS, request.POST.get("action", ""), canteen, messages_only=True)
        return redirect(f"{request.path}?canteen={canteen.pk}")
    day = timezone.localdate()
    orders = list(selectors.counter_orders(canteen, day))
    unassigned = {}
    for order in orders:
        if order.fulfilment == Fulfilment.DELIVERY and order.status == OrderStatus.PLACED:
            unassigned[order.meal.sitting] = unassigned.get(order.meal.sitting, 0) + 1
    return render(request, "canteen/counter.html", {
        "canteen": canteen, "canteens": canteens, "day": day, "orders": orders,
        "unassigned": [(Sitting(s).label, s, n) for s, n in unassigned.items()],
        "round_form": RoundForm(workers=_grid_workers(canteen)), "cancel_form": ReasonForm(),
        "rounds": list(selectors.rounds_for(request.user, day).filter(canteen=canteen)),
    })


# --- deliveries -------------------------------------------------------------------------------

DELIVERY_ACTIONS = {
    "deliver": Action(lambda r, orders, d: services.round_mark_delivered(
        order=get_object_or_404(orders, pk=parse_id(r.POST.get("order")) or 0), actor=r.user),
        lambda order: _("已送达 %(name)s。") % {"name": order.resident.name}),
    "no_show": Action(lambda r, orders, d: services.order_no_show(
        order=get_object_or_404(orders, pk=parse_id(r.POST.get("order")) or 0), actor=r.user, note=_("无人应门")),
        gettext_lazy("已登记为无人应门。")),
}


@role_required(Role.GRID_WORKER, is_staff_somewhere, message=gettext_lazy("送餐任务仅供网格员和食堂工作人员查看。"))
def deliveries(request):
    """今日送餐: the rounds the grid worker carries today, door by door, each marked delivered."""
    day = timezone.localdate()
    rounds = list(selectors.rounds_for(request.user, day))
    orders = selectors.round_orders(rounds)
    if request.method == "POST":
        run_action(request, DELIVERY_ACTIONS, request.POST.get("action", ""), orders, messages_only=True)
        return redirect(request.path)
    by_round = {r.pk: [] for r in rounds}
    for order in orders:
        by_round[order.round_id].append(order)
    return render(request, "canteen/deliveries.html", {
        "day": day, "rounds": [(r, by_round[r.pk]) for r in rounds]})


# --- the monthly statement --------------------------------------------------------------------

def _statement(request):
    deny_unless(is_admin(request.user), MANAGE_REFUSED)
    wanted = parse_id(request.GET.get("community")) or request.user.community_id
    community = Community.objects.filter(pk=wanted).select_related("street").first() if wanted else None
    if community is None and not request.GET.get("community"):
        community = selectors.canteens_visible_to(request.user).values_list("community", flat=True).first()
        community = Community.objects.filter(pk=community).first() if community else None
    community = in_scope_or_404(request.user, community)
    month = parse_date(f"{request.GET.get('month', '')}-01") or timezone.localdate().replace(day=1)
    return selectors.subsidy_statement(community, month)


@login_required
def statement(request):
    """The monthly subsidy statement of a community: per resident, meals, price, subsidy, paid."""
    report = _statement(request)
    communities = selectors.canteens_visible_to(request.user).values_list("community_id", "community__name")\
        .distinct().order_by("community_id")
    return render(request, "canteen/statement.html", {"statement": report, "communities": communities})


@login_required
def statement_xlsx(request):
    report = _statement(request)
    response = HttpResponse(selectors.statement_xlsx(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (f'attachment; filename="canteen-subsidy-{report.community.code}-'
                                       f'{report.month:%Y-%m}.xlsx"')
    return response
