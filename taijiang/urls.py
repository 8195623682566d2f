from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from taijiang.core.health import healthz
from taijiang.core.views import elder_mode, favicon
from taijiang.dashboard.views import home
from taijiang.users.api import LogoutAllView, LogoutView, MeView, TokenView

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="api-logout-all"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include("taijiang.notifications.api")),
    path("", include("grid.api")),
    path("", include("services.api")),
    path("", include("appeals.api")),
    path("", include("spaces.api")),
    path("", include("rota.api")),
    path("", include("workload.api")),
    path("", include("canteen.api")),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("prefs/elder/", elder_mode, name="elder_mode"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("taijiang.users.urls")),
    path("notifications/", include("taijiang.notifications.urls")),
    path("me/", include("taijiang.dashboard.urls")),
    path("grid/", include("grid.urls")),
    path("services/", include("services.urls")),
    path("appeals/", include("appeals.urls")),
    path("spaces/", include("spaces.urls")),
    path("rota/", include("rota.urls")),
    path("workload/", include("workload.urls")),
    path("canteen/", include("canteen.urls")),
    path("open311/", include("appeals.open311.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script from ?script= instead of inline: the CSP forbids inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

# Media is never served wholesale: photos and materials go through views that check who may see them.
if settings.BENCH:  # the ceiling of `make bench` (taijiang.core.bench); never on in production
    from taijiang.core import bench

    urlpatterns += [path("__bench__/json", bench.ceiling_json), path("__bench__/row", bench.ceiling_row)]

handler400 = "taijiang.core.views.bad_request"
handler403 = "taijiang.core.views.permission_denied"
handler404 = "taijiang.core.views.page_not_found"
handler500 = "taijiang.core.views.server_error"
