"""Styled error pages (also used by the API's HTML fallbacks)."""

from django.shortcuts import render


def _error(request, template, status):
    if request.path.startswith(("/api/", "/open311/")):
        from django.http import JsonResponse

        messages = {403: "您没有权限访问此内容。", 404: "未找到。", 500: "服务器出错，请稍后再试。"}
        return JsonResponse({"detail": messages[status]}, status=status)
    return render(request, template, status=status)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    return _error(request, "errors/500.html", 500)
