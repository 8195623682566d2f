from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grid.forms import RevealForm  # the register's reveal form: same reason rule, same messages
from taijiang.core.access import login_required
from taijiang.core.exceptions import NotAllowed
from taijiang.core.http import client_ip
from taijiang.core.pages import Action, attempt, run_action
from taijiang.core.uploads import serve_upload
from taijiang.users.auth import token_accepted

from .. import services
from ..forms import (
    AddInfoForm,
    CategoryChangeForm,
    ContactForm,
    MergeForm,
    RateForm,
    ReasonForm,
    ReplyForm,
    RouteForm,
    StaffRateForm,
    TextForm,
)
from ..models import AppealPhoto
from ..permissions import can_handle, can_route, is_owner
from ..redact import redact
from ..selectors import appeals_visible_to, suggested_duplicates, timeline_for
from ..services.notices import how_resident_hears, residents_of
from ..workflow import Status
from ._helpers import visible_appeal_or_404


def _merge(request, appeal, data):
    # Only appeals the staff member may see can be found (no hint that a number exists elsewhere).
    main = appeals_visible_to(request.user).filter(number=data["into"].strip().upper()).first()
    if main is None:
        raise ValidationError({"into": _("找不到受理编号为 %(n)s 的诉求。") % {"n": data["into"]}})
    return services.appeal_merge(appeal=appeal, into=main, actor=request.user)


# What the clerk is told after answering: whether the resident really heard it.
REPLY_SENT = {
    "account": gettext_lazy("答复已发送给居民。"),
    "sms": gettext_lazy("答复已通过短信发送到 %(phone)s。"),
    "": gettext_lazy("答复已保存，但这位居民没有账号也没有手机号：请电话或上门告知，并在下方记录联系情况。"),
}


# One row per page action: Action(call(request, appeal, data), success message, form).
ACTIONS = {
    "accept": Action(lambda r, a, d: services.appeal_accept(appeal=a, actor=r.user), gettext_lazy("已受理。")),
    "start": Action(lambda r, a, d: services.appeal_start(appeal=a, actor=r.user), gettext_lazy("已开始办理。")),
    "reply": Action(lambda r, a, d: services.appeal_reply(appeal=a, actor=r.user, text=d["text"], resolve=d["resolve"],
                                                          photos=r.FILES.getlist("photos")),
                    lambda a: REPLY_SENT[how_resident_hears(a)] % {"phone": a.masked_contact_phone},
                    form=ReplyForm),
    "contact": Action(lambda r, a, d: services.appeal_record_contact(appeal=a, actor=r.user, **d),
                      gettext_lazy("联系记录已保存。"), form=ContactForm),
    "staff_rate": Action(lambda r, a, d: services.appeal_record_satisfaction(appeal=a, actor=r.user, **d),
                         gettext_lazy("已记录居民的评价，诉求办结。"), form=StaffRateForm),
    "note": Action(lambda r, a, d: services.appeal_add_note(appeal=a, actor=r.user, text=d["text"]),
                   gettext_lazy("内部备注已保存。"), form=TextForm),
    "request_info": Action(lambda r, a, d: services.appeal_request_info(appeal=a, actor=r.user, text=d["text"]),
                           gettext_lazy("已请居民补充信息。"), form=TextForm),
    "escalate": Action(lambda r, a, d: services.appeal_escalate(appeal=a, actor=r.user, reason=d["reason"]),
                       gettext_lazy("已上报上一级。"), form=ReasonForm),
    "route": Action(lambda r, a, d: services.appeal_route(appeal=a, actor=r.user, level=d["level"],
                                                          reason=d["reason"]),
                    gettext_lazy("已指派层级。"), form=RouteForm),
    "decline": Action(lambda r, a, d: services.appeal_decline(appeal=a, actor=r.user, reason=d["reason"]),
                      gettext_lazy("已不予受理。"), form=ReasonForm),
    "merge": Action(_merge, gettext_lazy("已合并。"), form=MergeForm),
    "category": Action(lambda r, a, d: services.appeal_change_category(appeal=a, actor=r.user,
                                                                       category=d["category"]),
                       gettext_lazy("分类已调整。"), form=CategoryChangeForm),
    "rate": Action(lambda r, a, d: services.appeal_rate(appeal=a, actor=r.user, rating=d["rating"],
                                                        comment=d["comment"]),
                   gettext_lazy("感谢您的评价！"), form=RateForm),
    "reopen": Action(lambda r, a, d: services.appeal_reopen(appeal=a, actor=r.user, reason=d["reason"]),
                     gettext_lazy("已申请重新办理。"), form=ReasonForm),
    "add_info": Action(lambda r, a, d: services.appeal_add_info(appeal=a, actor=r.user, text=d["text"],
                                                                photos=r.FILES.getlist("photos")),
                       gettext_lazy("补充信息已提交。"), form=AddInfoForm),
}


def _visit_link(appeal) -> str:
    if not appeal.source_visit_id:
        return ""
    try:
        return reverse("grid:visit_detail", kwargs={"pk": appeal.source_visit_id})
    except NoReverseMatch:  # the grid app's visit page may not exist yet
        return ""


def _context(request, appeal, forms=None):
    user = request.user
    staff = can_handle(user, appeal) or (user.is_portal_staff and not is_owner(user, appeal))
    handler = can_handle(user, appeal)
    owner = is_owner(user, appeal)
    # A resident whose duplicate was merged here follows the case: status, holder, deadline and
    # public replies, with the text redacted and without the other resident's photos.
    follower = not owner and not user.is_portal_staff
    forms = forms or {}
    context = {
        "appeal": appeal, "is_owner": owner, "is_staff_view": staff, "can_handle": handler,
        "is_follower": follower, "redacted_text": redact(appeal.text) if follower else "",
        "can_route": can_route(user, appeal),
        "can_reveal_contact": handler and bool(appeal.contact_phone),
        "timeline": timeline_for(appeal, include_internal=staff, for_follower=follower),
        "photos": [] if follower else list(appeal.photos.all()),
        "visit_link": _visit_link(appeal),
        "Status": Status,
    }
    if handler:
        context.update({
            "reply_form": forms.get("reply") or ReplyForm(),
            "note_form": forms.get("note") or TextForm(),
            "info_form": forms.get("request_info") or TextForm(),
            "escalate_form": forms.get("escalate") or ReasonForm(),
            "decline_form": forms.get("decline") or ReasonForm(),
            "route_form": forms.get("route") or RouteForm(initial={"level": appeal.level}),
            "merge_form": forms.get("merge") or MergeForm(),
            "category_form": forms.get("category") or CategoryChangeForm(initial={"category": appeal.category_id}),
            "duplicates": list(suggested_duplicates(appeal)) if appeal.is_open else [],
            "canned_replies": list(ReplyForm.base_fields["canned"].queryset.values("pk", "title", "text")),
        })
    if handler and not residents_of(appeal):
        # no account: the clerk tells the resident and records what they said (issue #15.10)
        context.update({
            "hears_by": how_resident_hears(appeal),
            "contact_form": forms.get("contact") or ContactForm(),
            "staff_rate_form": forms.get("staff_rate") or StaffRateForm(),
        })
    if owner:
        context.update({
            "rate_form": forms.get("rate") or RateForm(),
            "reopen_form": forms.get("reopen") or ReasonForm(),
            "add_info_form": forms.get("add_info") or AddInfoForm(),
        })
    return context


@login_required
def detail(request, pk):
    appeal = visible_appeal_or_404(request.user, pk=pk, allow_followers=True)
    return render(request, "appeals/detail.html", _context(request, appeal))


@login_required
def detail_by_number(request, number):
    appeal = visible_appeal_or_404(request.user, number=number.upper(), allow_followers=True)
    return redirect("appeals:detail", pk=appeal.pk)


@require_POST
@login_required
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    appeal = visible_appeal_or_404(request.user, pk=pk)
    # The appeal page shows every refusal itself (a 403 too), as a message and on the action's form.
    outcome = run_action(request, ACTIONS, action, appeal, announce=True, inline_forbidden=True)
    if outcome:
        return redirect("appeals:detail", pk=appeal.pk)
    appeal.refresh_from_db()
    return render(request, "appeals/detail.html", _context(request, appeal, {action: outcome.form}),
                  status=outcome.status)


@token_accepted
def photo(request, pk):
    """A photo of an appeal, only for those who may see the appeal (404 for everyone else)."""
    if not request.user.is_authenticated:
        raise Http404
    item = AppealPhoto.objects.select_related("appeal").filter(pk=pk).first()
    if item is None:
        raise Http404
    visible_appeal_or_404(request.user, pk=item.appeal_id)
    return serve_upload(item.image)



@never_cache  # the answer holds a full phone number: no browser or proxy may keep it
@require_POST
@login_required
def reveal_contact(request, pk):
    """htmx: swap the masked contact phone for the full one after a reason; logged in ContactAccessLog."""
    appeal = visible_appeal_or_404(request.user, pk=pk)
    form = RevealForm(request.POST)
    context = {"appeal": appeal, "form": form}
    if form.is_valid():
        outcome = attempt(request, form, lambda: services.reveal_contact_phone(
            actor=request.user, appeal=appeal, reason=form.cleaned_data["reason"], ip_address=client_ip(request)),
            inline_forbidden=True)
        if outcome:
            context["value"] = outcome.value
        elif isinstance(outcome.error, NotAllowed):
            context["error"] = outcome.error.message
            return render(request, "appeals/_reveal_contact.html", context, status=403)
    return render(request, "appeals/_reveal_contact.html", context, status=200 if not form.errors else 400)
