"""Styled error pages (also used by the API's HTML fallbacks)."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_POST

from .http import safe_next_url


def _error(request, template, status, reason=""):
    if request.path.startswith(("/api/", "/open311/")):
        from django.http import JsonResponse

        messages = {400: "请求有误。", 403: "您没有权限访问此内容。", 404: "未找到。", 500: "服务器出错，请稍后再试。"}
        return JsonResponse({"detail": reason or messages[status]}, status=status)
    return render(request, template, {"reason": reason}, status=status)


def bad_request(request, exception=None):
    # Django calls this for a SuspiciousOperation (a body too large, too many fields, a bad host).
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    # Views raise PermissionDenied(_("why")); the reason is shown to the user.
    reason = str(exception) if exception is not None and str(exception) else ""
    return _error(request, "errors/403.html", 403, reason)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    return _error(request, "errors/500.html", 500)


# --- 长辈模式 (elder-friendly mode) ---------------------------------------------------------

ELDER_COOKIE = "tj_elder"
ELDER_COOKIE_AGE = 365 * 24 * 3600  # remembered on the device for a year


def elder_mode_on(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


@require_POST
def elder_mode(request):
    """Switch 长辈模式 on or off for this device (a cookie: residents often share a phone but not an
    account, and the choice must hold before logging in) and go back to the page."""
    response = redirect(safe_next_url(request, request.POST.get("next"), default="/"))
    if request.POST.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_COOKIE_AGE, samesite="Lax",
                            secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the portal's icon."""
    return redirect(static("img/favicon.svg"), permanent=True)
