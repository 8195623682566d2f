from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taijiang.core.access import login_required, role_required
from taijiang.core.http import safe_next_url
from taijiang.core.masking import mask_phone
from taijiang.core.pages import attempt
from taijiang.core.ratelimit import address_key, limit_page

from .forms import LoginForm, ProfileForm, RegisterCodeForm, RegisterForm, StaffForm
from .models import RegistrationCode
from .scope import scope_for
from .selectors import creatable_roles, staff_visible_to
from .services import password_change, registration_confirm, registration_start, staff_create


def _next_url(request, fallback="home"):
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"), fallback)


def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request))
    return render(request, "users/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("home")


PENDING_SESSION_KEY = "registration_pending"
DEBUG_SMS_SESSION_KEY = "registration_debug_sms"


@limit_page("register", key=address_key)  # per client address: nobody is logged in yet
def register_view(request):
    """Step 1: the form; a code goes out by SMS and the browser moves on to step 2.

    A number that already has an account gets the same redirect and the same next page (its
    SMS says "log in instead"), so the page never tells who is registered.
    """
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(request, form, lambda: registration_start(
            phone=data["phone"], password=data["password1"], display_name=data["display_name"],
            community=data["community"], building=data["building"]))
        if outcome:
            request.session[PENDING_SESSION_KEY] = outcome.value.pending.pk
            if settings.DEBUG:  # development only: the demo has no phone to receive the SMS
                request.session[DEBUG_SMS_SESSION_KEY] = outcome.value.sms_text
            return redirect("users:register_verify")
    return render(request, "users/register.html", {"form": form})


def register_verify_view(request):
    """Step 2: the code from the SMS creates the account and logs the resident in."""
    pending = RegistrationCode.objects.filter(pk=request.session.get(PENDING_SESSION_KEY), used_at__isnull=True).first()
    if pending is None:
        return redirect("users:register")
    form = RegisterCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(request, form, lambda: registration_confirm(pending_id=pending.pk,
                                                                      code=form.cleaned_data["code"]))
        if outcome:
            request.session.pop(PENDING_SESSION_KEY, None)
            request.session.pop(DEBUG_SMS_SESSION_KEY, None)
            login(request, outcome.value, backend="taijiang.users.backends.UsernameOrPhoneBackend")
            messages.success(request, _("注册成功，欢迎使用台江社区服务。"))
            return redirect("home")
    return render(request, "users/register_verify.html", {
        "form": form, "masked_phone": mask_phone(pending.phone),
        "debug_sms": request.session.get(DEBUG_SMS_SESSION_KEY) if settings.DEBUG else None,
    })


@login_required
def profile_view(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={
        "display_name": user.display_name, "community": user.community, "building": user.building,
        "language": user.language,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user.display_name = data["display_name"]
        user.language = data["language"]
        if user.is_resident:
            user.building = data["building"]
            user.community = data["building"].grid.community if data["building"] else data["community"]
        user.save(update_fields=["display_name", "language", "building", "community"])
        messages.success(request, _("已保存。"))
        return redirect("users:profile")
    return render(request, "users/profile.html", {"form": form})


@login_required
def password_change_view(request):
    """Every role changes its own password here; accounts an admin created are sent here first."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # stay logged in here; other sessions end
        messages.success(request, _("密码已修改。"))
        return redirect("users:profile")
    return render(request, "users/password_change.html", {
        "form": form, "forced": request.user.must_change_password,
    })


@login_required
def staff_list(request):
    if not request.user.is_portal_admin:
        raise PermissionDenied(_("只有管理员可以管理工作人员账号。"))
    staff = staff_visible_to(request.user)
    return render(request, "users/staff_list.html", {"staff": staff})


@role_required(lambda user: user.is_portal_admin, message=gettext_lazy("只有管理员可以管理工作人员账号。"))
def staff_create_view(request):
    scope = scope_for(request.user)
    form = StaffForm(request.POST or None, scope=scope, roles=creatable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(request, form, lambda: staff_create(
                actor=request.user, username=data["username"], password=data["password"], role=data["role"],
                display_name=data["display_name"], phone=data["phone"], street=data["street"],
                community=data["community"], grids=list(data["grids"])), inline_forbidden=True):
            messages.success(request, _("已创建工作人员账号 %(name)s。") % {"name": data["display_name"]})
            return redirect("users:staff_list")
    return render(request, "users/staff_form.html", {"form": form})
