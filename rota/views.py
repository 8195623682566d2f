"""Rota pages (HTTP only): opening hours, workers and leave, the month, my shifts, feeds, exports."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid.hours import centre_hours
from grid.models import CentreClosure, Community, OpeningPeriod, ServiceCentre
from taijiang.core.exceptions import DomainError, NotAllowed
from taijiang.core.forms import add_service_error
from taijiang.core.http import parse_id

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


def _run(request, form, action):
    """Call a service: a refusal becomes a form error (keeping what was typed) or a message."""
    try:
        return action()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message))
    except (DomainError, ValidationError) as exc:
        if form is not None:
            add_service_error(form, exc)
        else:
            messages.error(request, str(exc.message) if isinstance(exc, DomainError) else " ".join(exc.messages))
    return None


def _managed_community(request) -> Community:
    """The community whose hours and rota the admin works on: their own, or ?community= within scope."""
    user = request.user
    if not is_admin(user):
        raise PermissionDenied(str(MANAGE_REFUSED))
    wanted = parse_id(request.GET.get("community") or request.POST.get("community"))
    if wanted is None and user.community_id:
        wanted = user.community_id
    community = Community.objects.filter(pk=wanted).first() if wanted else None
    if community is None or not can_manage_community(user, community):
        raise Http404
    return community


def _centre(community) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(community=community).first()
    if centre is None:
        raise Http404
    return centre


# --- opening hours ------------------------------------------------------------------------

@login_required
def hours(request):
    community = _managed_community(request)
    centre = _centre(community)
    period_form, closure_form = PeriodForm(prefix="period"), ClosureForm(prefix="closure")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "period":
            period_form = PeriodForm(request.POST, prefix="period")
            if period_form.is_valid() and _run(request, period_form, lambda: services.opening_period_save(
                    centre=centre, actor=request.user, **period_form.cleaned_data)):
                messages.success(request, _("开放时段已保存。"))
                return redirect(f"{request.path}?community={community.pk}")
        elif action == "closure":
            closure_form = ClosureForm(request.POST, prefix="closure")
            if closure_form.is_valid() and _run(request, closure_form, lambda: services.closure_add(
                    centre=centre, actor=request.user, **closure_form.cleaned_data)):
                messages.success(request, _("闭馆日期已保存。"))
                return redirect(f"{request.path}?community={community.pk}")
        elif action == "delete_period":
            period = get_object_or_404(OpeningPeriod, pk=parse_id(request.POST.get("pk")) or 0, centre=centre)
            _run(request, None, lambda: services.opening_period_delete(period=period, actor=request.user))
            return redirect(f"{request.path}?community={community.pk}")
        elif action == "delete_closure":
            closure = get_object_or_404(CentreClosure, pk=parse_id(request.POST.get("pk")) or 0, centre=centre)
            _run(request, None, lambda: services.closure_delete(closure=closure, actor=request.user))
            return redirect(f"{request.path}?community={community.pk}")
        else:
            raise Http404
    today = timezone.localdate()
    return render(request, "rota/hours.html", {
        "community": community, "centre": centre, "period_form": period_form, "closure_form": closure_form,
        "periods": centre.opening_periods.order_by("weekday", "opens"),
        "closures": centre.closures.filter(last_day__gte=today),
        "preview": centre_hours(centre, today, today + datetime.timedelta(days=13)),
    })


# --- workers and leave --------------------------------------------------------------------

@login_required
def workers(request):
    community = _managed_community(request)
    staff = get_user_model().objects.filter(community=community, role__in=WORKER_ROLES, is_active=True)\
        .order_by("role", "display_name")
    rows = {w.user_id: w for w in selectors.workers_of(community)}
    absence_form = AbsenceForm(prefix="absence", workers=selectors.workers_of(community))
    policy_form = PolicyForm(instance=selectors.policy_for(community), prefix="policy")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "worker":
            user = get_object_or_404(staff, pk=parse_id(request.POST.get("user")) or 0)
            form = WorkerForm(request.POST)
            if form.is_valid():
                _run(request, None, lambda: services.worker_save(community=community, actor=request.user, user=user,
                                                                 **form.cleaned_data))
                return redirect(f"{request.path}?community={community.pk}")
        elif action == "absence":
            absence_form = AbsenceForm(request.POST, prefix="absence", workers=selectors.workers_of(community))
            if absence_form.is_valid():
                data = dict(absence_form.cleaned_data)
                worker = data.pop("worker")
                if _run(request, absence_form, lambda: services.absence_add(worker=worker, actor=request.user,
                                                                            **data)):
                    messages.success(request, _("已登记。"))
                    return redirect(f"{request.path}?community={community.pk}")
        elif action == "delete_absence":
            absence = get_object_or_404(Absence, pk=parse_id(request.POST.get("pk")) or 0, worker__community=community)
            _run(request, None, lambda: services.absence_delete(absence=absence, actor=request.user))
            return redirect(f"{request.path}?community={community.pk}")
        elif action == "policy":
            policy_form = PolicyForm(request.POST, instance=selectors.policy_for(community), prefix="policy")
            if policy_form.is_valid() and _run(request, policy_form, lambda: services.policy_save(
                    community=community, actor=request.user, **policy_form.cleaned_data)):
                messages.success(request, _("排班规则已保存。"))
                return redirect(f"{request.path}?community={community.pk}")
        else:
            raise Http404
    return render(request, "rota/workers.html", {
        "community": community, "staff": [(user, rows.get(user.pk)) for user in staff],
        "absences": Absence.objects.filter(worker__community=community).select_related("worker__user"),
        "absence_form": absence_form, "policy_form": policy_form,
    })


# --- the month ----------------------------------------------------------------------------

@login_required
def index(request):
    community = _managed_community(request)
    form = MonthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rota = _run(request, form, lambda: services.rota_generate(community=community, month=form.cleaned_data["month"],
                                                                  actor=request.user))
        if rota:
            messages.success(request, _("已生成排班草稿。"))
            return redirect("rota:month", pk=rota.pk)
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


# action name → (form, service call, success message): one row per page action
ACTIONS = {
    "generate": (None, _generate, _("已重新生成排班草稿。")),
    "publish": (None, lambda r, rota, d: services.rota_publish(rota=rota, actor=r.user), _("排班已发布。")),
    "add_shift": (ShiftForm, _add_shift, _("已添加班次。")),
    "remove_shift": (None, _remove_shift, _("已删除班次。")),
    "approve_swap": (None, lambda r, rota, d: services.swap_approve(swap=_swap(r, rota), actor=r.user),
                     _("已同意换班。")),
    "refuse_swap": (ReasonForm, lambda r, rota, d: services.swap_refuse(swap=_swap(r, rota), actor=r.user,
                                                                        note=d.get("note", "")),
                    _("已拒绝换班。")),
}


@login_required
def month(request, pk):
    rota = _visible_rota(request, pk)
    manager = can_manage_community(request.user, rota.community)
    workers_qs = selectors.workers_of(rota.community).filter(active=True)
    shift_form = ShiftForm(workers=workers_qs)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(str(MANAGE_REFUSED))
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise Http404
        form_class, call, success = ACTIONS[action]
        form = None
        if form_class is ShiftForm:
            form = shift_form = ShiftForm(request.POST, workers=workers_qs)
        elif form_class is not None:
            form = form_class(request.POST)
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            if _run(request, form, lambda: call(request, rota, data)):
                messages.success(request, success)
                return redirect("rota:month", pk=rota.pk)
        elif form is not shift_form:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
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
    if not can_manage_community(request.user, rota.community):
        raise PermissionDenied(str(MANAGE_REFUSED))
    return render(request, "rota/print.html", {"rota": rota, "shifts": selectors.shifts_in(rota)})


@login_required
def export_month(request, pk):
    from openpyxl import Workbook

    rota = _visible_rota(request, pk)
    if not can_manage_community(request.user, rota.community):
        raise PermissionDenied(str(MANAGE_REFUSED))
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


@login_required
def my_shifts(request):
    worker = _own_worker(request)
    now = timezone.now()
    shifts = list(selectors.shifts_of_worker(request.user).filter(end__gte=now)[:60])
    colleagues = selectors.workers_of(worker.community).filter(active=True).exclude(pk=worker.pk)
    form = SwapForm(colleagues=colleagues)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "swap":
            shift = get_object_or_404(Shift, pk=parse_id(request.POST.get("shift")) or 0, worker=worker)
            form = SwapForm(request.POST, colleagues=colleagues)
            if form.is_valid() and _run(request, form, lambda: services.swap_request(
                    shift=shift, actor=request.user, **form.cleaned_data)):
                messages.success(request, _("换班申请已提交，等待社区管理员审批。"))
                return redirect("rota:my_shifts")
        elif action == "withdraw":
            swap = get_object_or_404(SwapRequest, pk=parse_id(request.POST.get("swap")) or 0, requested_by=worker)
            if _run(request, None, lambda: services.swap_withdraw(swap=swap, actor=request.user)):
                messages.success(request, _("换班申请已撤回。"))
            return redirect("rota:my_shifts")
        else:
            raise Http404
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
