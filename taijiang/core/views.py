"""Styled error pages (also used by the API's HTML fallbacks)."""

from django.shortcuts import render


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
