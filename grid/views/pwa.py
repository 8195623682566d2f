"""The service worker and the web app manifest, served under /grid/ so their scope covers the pages."""

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control


@cache_control(no_cache=True)
def service_worker(request):
    path = finders.find("grid/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    # The worker caches these static assets for offline use; their URLs depend on STATIC_URL.
    assets = [static("vendor/bootstrap/bootstrap.min.css"), static("css/portal.css"),
              static("vendor/bootstrap/bootstrap.bundle.min.js"), static("vendor/htmx/htmx.min.js"),
              static("js/portal.js"), static("grid/grid.css"), static("grid/visit.js"), static("grid/icon.svg")]
    body = body.replace("__ASSETS__", repr(assets).replace("'", '"')).replace(
        "__VISIT_PAGE__", reverse("grid:visit_create")).replace("__DUE_PAGE__", reverse("grid:due")).replace(
        "__WHOAMI__", reverse("api-me"))
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/grid/"
    return response


def manifest(request):
    return JsonResponse({
        "name": "台江网格走访",
        "short_name": "网格走访",
        "lang": "zh-CN",
        "start_url": reverse("grid:due"),
        "scope": "/grid/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": [{"src": static("grid/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
