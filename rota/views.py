"""Rota pages (HTTP only): opening hours, workers and leave, the month, my shifts, feeds, exports."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grid.hours import centre_hours
from grid.models import CentreClosure, Community, OpeningPeriod, ServiceCentre
from taijiang.core.access import deny_unless, in_scope_or_404, login_required
from taijiang.core.http import parse_id
from taijiang.core.pages import Action, attempt, run_action

from . import feeds, selectors, services
from .forms import (
    AbsenceForm,
    ClosureForm,
    MonthForm,
    PeriodForm,
    PolicyForm,
    ReasonForm,
    ShiftForm,
    SwapForm,
    WorkerForm,
)
from .models import Absence, Rota, Shift, SwapRequest, Worker
from .months import month_bounds
from .permissions import (
    MANAGE_REFUSED,
    READ_REFUSED,
    WORKER_ROLES,
    can_manage_community,
    can_read_community,
    is_admin,
)


def _managed_community(request) -> Community:
    """The community whose hours and rota the admin works on: their own, or ?community= within scope."""
    user = request.user
    deny_unless(is_admin(user), MANAGE_REFUSED)
    wanted = parse_id(request.GET.get("community") or request.POST.get("community"))
    if wanted is None and user.community_id:
        wanted = user.community_id
    community = Community.objects.filter(pk=wanted).first() if wanted else None
    return in_scope_or_404(user, community)  # an admin manages the communities of their territory


def _centre(community) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(community=community).first()
    if centre is None:
        raise Http404
    return centre


# --- opening hours ------------------------------------------------------------------------

HOURS_ACTIONS = {
    "period": Action(lambda r, centre, d: services.opening_period_save(centre=centre, actor=r.user, **d),
                     gettext_lazy("开放时段已保存。"), form=lambda r, centre: PeriodForm(r.POST, prefix="period")),
    "closure": Action(lambda r, centre, d: services.closure_add(centre=centre, actor=r.user, **d),
                      gettext_lazy("闭馆日期已保存。"), form=lambda r, centre: ClosureForm(r.POST, prefix="closure")),
    "delete_period": Action(lambda r, centre, d: services.opening_period_delete(
        period=get_object_or_404(OpeningPeriod, pk=parse_id(r.POST.get("pk")) or 0, centre=centre), actor=r.user)),
    "delete_closure": Action(lambda r, centre, d: services.closure_delete(
        closure=get_object_or_404(CentreClosure, pk=parse_id(r.POST.get("pk")) or 0, centre=centre), actor=r.user)),
}


@login_required
def hours(request):
    community = _managed_community(request)
    centre = _centre(community)
    forms = {"period": PeriodForm(prefix="period"), "closure": ClosureForm(prefix="closure")}
    if request.method == "POST":
        outcome = run_action(request, HOURS_ACTIONS, request.POST.get("action"), centre)
        if outcome or outcome.form is None:  # deleting says a refusal as a message and goes back too
            return redirect(f"{request.path}?community={community.pk}")
        forms[request.POST["action"]] = outcome.form
    today = timezone.localdate()
    return render(request, "rota/hours.html", {
        "community": community, "centre": centre, "period_form": forms["period"], "closure_form": forms["closure"],
        "periods": centre.opening_periods.order_by("weekday", "opens"),
        "closures": centre.closures.filter(last_day__gte=today),
        "preview": centre_hours(centre, today, today + datetime.timedelta(days=13)),
    })


# --- workers and leave --------------------------------------------------------------------

def _worker_save(request, community, data):
    staff = _staff_of(community)
    user = get_object_or_404(staff, pk=parse_id(request.POST.get("user")) or 0)
    return services.worker_save(community=community, actor=request.user, user=user, **data)


def _absence_add(request, community, data):
    data = dict(data)
    return services.absence_add(worker=data.pop("worker"), actor=request.user, **data)


WORKER_ACTIONS = {
    "worker": Action(_worker_save, form=WorkerForm),
    "absence": Action(_absence_add, gettext_lazy("已登记。"), form=lambda r, community: AbsenceForm(
        r.POST, prefix="absence", workers=selectors.workers_of(community))),
    "delete_absence": Action(lambda r, community, d: services.absence_delete(absence=get_object_or_404(
        Absence, pk=parse_id(r.POST.get("pk")) or 0, worker__community=community), actor=r.user)),
    "policy": Action(lambda r, community, d: services.policy_save(community=community, actor=r.user, **d),
                     gettext_lazy("排班规则已保存。"), form=lambda r, community: PolicyForm(
                         r.POST, instance=selectors.policy_for(community), prefix="policy")),
}
# The worker form is one row of the staff table and is not shown again: its refusals are messages.
WORKER_FORMS_SHOWN = {"absence", "policy"}


def _staff_of(community):
    return get_user_model().objects.filter(community=community, role__in=WORKER_ROLES, is_active=True)\
        .order_by("role", "display_name")


@login_required
def workers(request):
    community = _managed_community(request)
    staff = _staff_of(community)
    rows = {w.user_id: w for w in selectors.workers_of(community)}
    forms = {"absence": AbsenceForm(prefix="absence", workers=selectors.workers_of(community)),
             "policy": PolicyForm(instance=selectors.policy_for(community), prefix="policy")}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "worker":
            get_object_or_404(staff, pk=parse_id(request.POST.get("user")) or 0)  # before the form: 404 first
        outcome = run_action(request, WORKER_ACTIONS, action, community,
                             messages_only=action not in WORKER_FORMS_SHOWN)
        if outcome or action == "delete_absence" or (action == "worker" and outcome.form.is_valid()):
            return redirect(f"{request.path}?community={community.pk}")
        if action in WORKER_FORMS_SHOWN:
            forms[action] = outcome.form
    return render(request, "rota/workers.html", {
        "community": community, "staff": [(user, rows.get(user.pk)) for user in staff],
        "absences": Absence.objects.filter(worker__community=community).select_related("worker__user"),
        "absence_form": forms["absence"], "policy_form": forms["policy"],
    })


# --- the month ----------------------------------------------------------------------------

@login_required
def index(request):
    community = _managed_community(request)
    form = MonthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(request, form, lambda: services.rota_generate(
            community=community, month=form.cleaned_data["month"], actor=request.user))
        if outcome:
            messages.success(request, _("已生成排班草稿。"))
            return redirect("rota:month", pk=outcome.value.pk)
    return render(request, "rota/index.html", {
        "community": community, "form": form, "rotas": Rota.objects.filter(community=community),
        "swaps": selectors.pending_swaps(request.user).filter(shift__rota__community=community),
    })


def _visible_rota(request, pk) -> Rota:
    rota = get_object_or_404(Rota.objects.select_related("community"), pk=pk)
    if not can_read_community(request.user, rota.community):
        raise Http404
    if not can_manage_community(request.user, rota.community) and not rota.is_published:
        raise Http404
    return rota


def _generate(request, rota, data):
    return services.rota_generate(community=rota.community, month=rota.month, actor=request.user)


def _add_shift(request, rota, data):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(data["day"], data["starts"], tzinfo=tz)
    end = datetime.datetime.combine(data["day"], data["ends"], tzinfo=tz)
    return services.shift_add(rota=rota, actor=request.user, worker=data["worker"], start=start, end=end,
                              kind=data["kind"])


def _remove_shift(request, rota, data):
    shift = get_object_or_404(Shift, pk=parse_id(request.POST.get("shift")) or 0, rota=rota)
    services.shift_remove(shift=shift, actor=request.user)
    return True


def _swap(request, rota):
    return get_object_or_404(SwapRequest, pk=parse_id(request.POST.get("swap")) or 0, shift__rota=rota)


def _active_workers(rota):
    return selectors.workers_of(rota.community).filter(active=True)


# One row per action on the month page: Action(call(request, rota, data), success, form).
ACTIONS = {
    "generate": Action(_generate, gettext_lazy("已重新生成排班草稿。")),
    "publish": Action(lambda r, rota, d: services.rota_publish(rota=rota, actor=r.user), gettext_lazy("排班已发布。")),
    "add_shift": Action(_add_shift, gettext_lazy("已添加班次。"),
                        form=lambda r, rota: ShiftForm(r.POST, workers=_active_workers(rota))),
    "remove_shift": Action(_remove_shift, gettext_lazy("已删除班次。")),
    "approve_swap": Action(lambda r, rota, d: services.swap_approve(swap=_swap(r, rota), actor=r.user),
                           gettext_lazy("已同意换班。")),
    "refuse_swap": Action(lambda r, rota, d: services.swap_refuse(swap=_swap(r, rota), actor=r.user,
                                                                  note=d.get("note", "")),
                          gettext_lazy("已拒绝换班。"), form=ReasonForm),
}


@login_required
def month(request, pk):
    rota = _visible_rota(request, pk)
    manager = can_manage_community(request.user, rota.community)
    shift_form = ShiftForm(workers=_active_workers(rota))
    if request.method == "POST":
        deny_unless(manager, MANAGE_REFUSED)
        action = request.POST.get("action")
        # Only the shift form is on the page: every other action says what went wrong as a message.
        outcome = run_action(request, ACTIONS, action, rota, messages_only=action != "add_shift")
        if outcome:
            return redirect("rota:month", pk=rota.pk)
        if action == "add_shift":
            shift_form = outcome.form
    shifts = selectors.shifts_in(rota)
    if not manager:
        shifts = shifts.filter(worker__user=request.user)
    first, last = month_bounds(rota.month)
    days = {d.day: d for d in centre_hours(_centre(rota.community), first, last)}
    by_day = {}
    for shift in shifts:
        by_day.setdefault(shift.day, []).append(shift)
    calendar = [(day, by_day.get(day.day, [])) for day in days.values()]
    return render(request, "rota/month.html", {
        "rota": rota, "manager": manager, "calendar": calendar, "shift_form": shift_form,
        "report": rota.report, "changes": rota.changes.select_related("actor")[:30],
        "swaps": SwapRequest.objects.filter(shift__rota=rota).select_related(
            "shift", "requested_by__user", "take_over_by__user") if manager else [],
    })


@login_required
def print_month(request, pk):
    rota = _visible_rota(request, pk)
    deny_unless(can_manage_community(request.user, rota.community), MANAGE_REFUSED)
    return render(request, "rota/print.html", {"rota": rota, "shifts": selectors.shifts_in(rota)})


@login_required
def export_month(request, pk):
    from openpyxl import Workbook

    rota = _visible_rota(request, pk)
    deny_unless(can_manage_community(request.user, rota.community), MANAGE_REFUSED)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{rota.month:%Y-%m}"
    sheet.append([_("日期"), _("开始"), _("结束"), _("班次"), _("人员"), _("可独立值守窗口")])
    for shift in selectors.shifts_in(rota):
        sheet.append([shift.day, f"{timezone.localtime(shift.start):%H:%M}", f"{timezone.localtime(shift.end):%H:%M}",
                      shift.get_kind_display(), shift.worker.user.name,
                      _("是") if shift.worker.window_qualified else _("否")])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rota-{rota.community.code}-{rota.month:%Y-%m}.xlsx"'
    return response


# --- a worker's own shifts ----------------------------------------------------------------

def _own_worker(request) -> Worker:
    worker = Worker.objects.filter(user=request.user).select_related("community").first()
    if worker is None:
        raise PermissionDenied(_("您不在任何社区的排班名单中。") if request.user.role in WORKER_ROLES
                               else str(READ_REFUSED))
    return worker


def _withdraw(request, worker, data):
    swap = get_object_or_404(SwapRequest, pk=parse_id(request.POST.get("swap")) or 0, requested_by=worker)
    return services.swap_withdraw(swap=swap, actor=request.user)


def _colleagues(worker):
    return selectors.workers_of(worker.community).filter(active=True).exclude(pk=worker.pk)


MY_SHIFT_ACTIONS = {
    "swap": Action(lambda r, worker, d: services.swap_request(
        shift=get_object_or_404(Shift, pk=parse_id(r.POST.get("shift")) or 0, worker=worker), actor=r.user, **d),
        gettext_lazy("换班申请已提交，等待社区管理员审批。"), form=lambda r, worker: SwapForm(r.POST, colleagues=_colleagues(worker))),
    "withdraw": Action(_withdraw, gettext_lazy("换班申请已撤回。")),
}


@login_required
def my_shifts(request):
    worker = _own_worker(request)
    now = timezone.now()
    shifts = list(selectors.shifts_of_worker(request.user).filter(end__gte=now)[:60])
    form = SwapForm(colleagues=_colleagues(worker))
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "swap":  # the shift first: another worker's shift is a 404, whatever the form says
            get_object_or_404(Shift, pk=parse_id(request.POST.get("shift")) or 0, worker=worker)
        outcome = run_action(request, MY_SHIFT_ACTIONS, action, worker, messages_only=action != "swap")
        if outcome or action == "withdraw":
            return redirect("rota:my_shifts")
        form = outcome.form
    return render(request, "rota/my_shifts.html", {
        "worker": worker, "shifts": shifts, "form": form,
        "swaps": SwapRequest.objects.filter(requested_by=worker).select_related("shift", "take_over_by__user")[:20],
        "feed_url": request.build_absolute_uri(
            f"/rota/feeds/{services.feed_token_for(request.user).token}.ics"),
    })


def feed(request, token):
    from .models import FeedToken

    feed_token = get_object_or_404(FeedToken.objects.select_related("user"), token=token, user__is_active=True)
    response = HttpResponse(feeds.shifts_feed(feed_token.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-shifts.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def feed_regenerate(request):
    services.feed_token_regenerate(actor=request.user)
    messages.success(request, _("日历订阅地址已更换，旧地址不再有效。"))
    return redirect("rota:my_shifts")
