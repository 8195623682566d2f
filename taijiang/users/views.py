from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taijiang.core.exceptions import DomainError
from taijiang.core.forms import add_service_error
from taijiang.core.ratelimit import address_key, limit_page

from .forms import LoginForm, ProfileForm, RegisterForm, StaffForm
from .scope import scope_for
from .selectors import creatable_roles, staff_visible_to
from .services import resident_register, staff_create


def _next_url(request, fallback="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


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


@limit_page("register", key=address_key)  # per client address: nobody is logged in yet
def register_view(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = resident_register(phone=data["phone"], password=data["password1"], display_name=data["display_name"],
                                     community=data["community"], building=data["building"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            login(request, user, backend="taijiang.users.backends.UsernameOrPhoneBackend")
            messages.success(request, _("注册成功，欢迎使用台江社区服务。"))
            return redirect("home")
    return render(request, "users/register.html", {"form": form})


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
def staff_list(request):
    if not request.user.is_portal_admin:
        raise PermissionDenied(_("只有管理员可以管理工作人员账号。"))
    staff = staff_visible_to(request.user)
    return render(request, "users/staff_list.html", {"staff": staff})


@login_required
def staff_create_view(request):
    if not request.user.is_portal_admin:
        raise PermissionDenied(_("只有管理员可以管理工作人员账号。"))
    scope = scope_for(request.user)
    form = StaffForm(request.POST or None, scope=scope, roles=creatable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff_create(actor=request.user, username=data["username"], password=data["password"], role=data["role"],
                         display_name=data["display_name"], phone=data["phone"] or None, street=data["street"],
                         community=data["community"], grids=list(data["grids"]))
        except (ValidationError, DomainError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已创建工作人员账号 %(name)s。") % {"name": data["display_name"]})
            return redirect("users:staff_list")
    return render(request, "users/staff_form.html", {"form": form})
