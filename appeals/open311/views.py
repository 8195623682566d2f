"""Open311 GeoReport v2 endpoints under /open311/v2/ (JSON and XML; other formats answer 400).

GET requests are public: they list appeals whose residents allowed publication (text without
personal data), plus, with a valid api_key, every appeal filed by that key's system.
"""

import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from taijiang.core import ratelimit
from taijiang.core.conf import setting_int
from taijiang.core.exceptions import DomainError
from taijiang.core.http import parse_date, parse_datetime, parse_id

from .. import services
from ..models import ApiKey, Appeal, AppealEvent, Category
from ..models.open311 import hash_key
from ..workflow import OPEN_STATUSES
from . import formats, render

DEFAULT_DAYS = 90
MAX_RESULTS = 1000  # the deepest row a GET reaches (page × page_size)
PAGE_SIZE = 100  # requests per GET at most; page/page_size walk further (was: up to 1000 in one answer)
ADDRESS_MAX = 200  # Appeal.address
DESCRIPTION_MAX = 2000  # as on the portal and the API


def _check_format(fmt: str, request=None, *values):
    """The format must be json or xml; no parameter may carry a NUL (the database refuses them)."""
    if fmt not in render.FORMATS:
        return render.error(400, _("不支持的格式“%(fmt)s”，请使用 json 或 xml。") % {"fmt": fmt})
    params = [*values]
    if request is not None:
        params += [v for source in (request.GET, request.POST) for vs in source.lists() for v in vs[1]]
    if any("\x00" in str(v) for v in params):
        return render.error(400, _("参数中含有非法字符。"), fmt=fmt)
    return None


def _api_key(request) -> ApiKey | None:
    raw = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _over_limit(request, key: ApiKey | None, fmt: str, *, write: bool = False):
    """429 with Retry-After once this API key (or, for a public read, this address) used up its limit."""
    name = "open311_write" if write else "open311_read"
    who = f"open311-key:{key.pk}" if key is not None else ratelimit.address_key(request)
    usage = ratelimit.hit(name, who)
    if usage is None or not usage.limited:
        return None
    response = render.error(429, _("请求过于频繁：每 %(minutes)d 分钟最多 %(n)d 次，请 %(wait)d 分钟后再试。")
                            % ratelimit.figures(name, usage), fmt=fmt)
    response["Retry-After"] = str(usage.retry_after)
    return response


def _visible(key: ApiKey | None):
    # Only the public replies are read (the status notes quote the last one), not the whole timeline.
    replies = AppealEvent.objects.filter(kind=AppealEvent.Kind.REPLY, public=True).order_by("at", "pk")
    qs = Appeal.objects.select_related("category", "building", "grid__community", "community", "street",
                                       "merged_into").prefetch_related(Prefetch("events", queryset=replies))
    from django.db.models import Q

    condition = Q(publish_allowed=True)
    if key is not None:
        condition |= Q(channel=Appeal.Channel.OPEN311, channel_system=key.system_name)
    return qs.filter(condition)


def discovery(request, fmt):
    if (bad := _check_format(fmt)) is not None:
        return bad
    url = request.build_absolute_uri(reverse("open311:index"))
    changeset = formats.iso(datetime.datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone()))
    return render.respond({
        "changeset": changeset,
        "contact": _("台江区党群服务中心 易说事"),
        "key_service": _("接口密钥由街道或区级管理员在“诉求分类 › Open311 接口密钥”中签发。"),
        "endpoints": [{"specification": formats.SPEC_URL, "url": url, "changeset": changeset, "type": "production",
                       "formats": ["application/json", "text/xml"]}],
    }, fmt=fmt, root="discovery")


def index(request):
    return render.respond({"discovery": reverse("open311:discovery", kwargs={"fmt": "json"})}, fmt="json",
                          root="index")


def service_list(request, fmt):
    if (bad := _check_format(fmt)) is not None:
        return bad
    return render.respond([formats.service(c) for c in Category.objects.filter(is_active=True)], fmt=fmt,
                          root="services")


def service_definition(request, service_code, fmt):
    if (bad := _check_format(fmt, request, service_code)) is not None:
        return bad
    category = Category.objects.filter(code=service_code, is_active=True).first()
    if category is None:
        return render.error(404, _("未知的 service_code：%(code)s") % {"code": service_code}, fmt=fmt)
    return render.respond(formats.service_definition(category), fmt=fmt, root="service_definition")


def _parse_moment(value: str, *, end: bool = False):
    """A W3C datetime; a plain date means the start of that day (or, for an end, the whole day).

    ValueError for anything else, including offsets beyond ±14:00 and dates outside 2000..2100.
    """
    if day := parse_date(value):
        moment = datetime.datetime.combine(day + datetime.timedelta(days=1) if end else day, datetime.time.min)
        return timezone.make_aware(moment)
    if (moment := parse_datetime(value)) is None:
        raise ValueError(value)
    return moment


@csrf_exempt
def requests_view(request, fmt):
    if (bad := _check_format(fmt, request)) is not None:
        return bad
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        return render.error(400, _("只支持 GET 和 POST。"), fmt=fmt)
    key = _api_key(request)
    if (limited := _over_limit(request, key, fmt)) is not None:
        return limited
    if key is None and (seconds := setting_int("OPEN311_PUBLIC_CACHE_SECONDS")):
        return _public_cached(request, fmt, seconds, lambda: _list(request, key, fmt))
    return _list(request, key, fmt)


def _public_cached(request, fmt, seconds: int, build) -> HttpResponse:
    """A keyless list is the same for every caller: answered from the cache for `seconds`
    (OPEN311_PUBLIC_CACHE_SECONDS), so a crawler polling it costs one query a minute, not one a call.
    Errors are never cached; a cache that is down only means building the answer (counted on
    /healthz like the rate limits)."""
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    # The answer's texts (status notes) are in the caller's language: one entry per language.
    name = f"open311:requests:{fmt}:{get_language()}:{hashlib.sha256(query.encode()).hexdigest()}"
    try:
        hit = cache.get(name)
    except Exception as exc:  # noqa: BLE001 - Redis down: answer without the cache
        ratelimit.record_cache_failure("open311 public cache", exc)
        return build()
    if hit is not None:
        return HttpResponse(hit[1], content_type=hit[0])
    response = build()
    if response.status_code == 200:
        try:
            cache.set(name, (response["Content-Type"], response.content), seconds)
        except Exception as exc:  # noqa: BLE001
            ratelimit.record_cache_failure("open311 public cache", exc)
    return response


def _list(request, key: ApiKey | None, fmt: str) -> HttpResponse:
    params = request.GET
    qs = _visible(key)
    ids = [i.strip().upper() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the spec: with service_request_id, all other parameters are ignored
        return _requests(qs.filter(number__in=ids).order_by("-created_at"), fmt)
    try:
        start = _parse_moment(params["start_date"]) if params.get("start_date") else None
        end = _parse_moment(params["end_date"], end=True) if params.get("end_date") else None
    except (ValueError, OverflowError):
        return render.error(400, _("start_date/end_date 必须是 ISO 8601 格式，如 2026-01-15T00:00:00+08:00。"), fmt=fmt)
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    if params.get("service_code"):
        qs = qs.filter(category__code__in=[c.strip() for c in params["service_code"].split(",")])
    if params.get("status"):
        wanted = {s.strip().lower() for s in params["status"].split(",")}
        if not wanted <= {"open", "closed"}:
            return render.error(400, _("status 只能是 open 或 closed。"), fmt=fmt)
        if wanted == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif wanted == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    try:  # a public endpoint: pages of at most PAGE_SIZE requests (docs/appeals.md)
        page, size = int(params.get("page", 1)), int(params.get("page_size", PAGE_SIZE))
    except ValueError:
        page = size = 0
    if not (1 <= page <= MAX_RESULTS // PAGE_SIZE and 1 <= size <= PAGE_SIZE):
        return render.error(400, _("page 须在 1 到 %(pages)d 之间，page_size 须在 1 到 %(size)d 之间。")
                            % {"pages": MAX_RESULTS // PAGE_SIZE, "size": PAGE_SIZE}, fmt=fmt)
    offset = (page - 1) * size
    return _requests(qs.order_by("-created_at", "-pk")[offset:offset + size], fmt)


def _requests(appeals, fmt):
    return render.respond([formats.service_request(a) for a in appeals], fmt=fmt, root="service_requests")


def request_detail(request, service_request_id, fmt):
    if (bad := _check_format(fmt, request, service_request_id)) is not None:
        return bad
    key = _api_key(request)
    if (limited := _over_limit(request, key, fmt)) is not None:
        return limited
    appeal = _visible(key).filter(number=service_request_id.upper()).first()
    if appeal is None:
        return render.error(404, _("找不到服务请求 %(id)s。") % {"id": service_request_id}, fmt=fmt)
    return _requests([appeal], fmt)


def _decimal(value, *, limit: int):
    """A coordinate in degrees within ±limit, to six places; ValueError for anything else."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or abs(number) > limit:
        raise ValueError(value)
    return number.quantize(Decimal("0.000001"))


def _create(request, fmt):
    data = request.POST
    if not data.get("api_key"):
        return render.error(403, _("缺少 api_key。"), fmt=fmt)
    key = _api_key(request)
    if key is None:
        return render.error(403, _("api_key 无效或已停用。"), fmt=fmt)
    if (limited := _over_limit(request, key, fmt, write=True)) is not None:
        return limited
    code = data.get("service_code", "").strip()
    if not code:
        return render.error(400, _("缺少 service_code。"), fmt=fmt)
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return render.error(404, _("未知的 service_code：%(code)s") % {"code": code}, fmt=fmt)
    try:
        lat, lng = _decimal(data.get("lat"), limit=90), _decimal(data.get("long"), limit=180)
    except ValueError:
        return render.error(400, _("lat/long 必须是有效的经纬度（纬度 ±90，经度 ±180）。"), fmt=fmt)
    if (lat is None) != (lng is None):
        return render.error(400, _("lat 和 long 必须同时提供。"), fmt=fmt)
    address = data.get("address_string", "").strip()
    if len(address) > ADDRESS_MAX:
        return render.error(400, _("address_string 最长 %(n)d 个字符。") % {"n": ADDRESS_MAX}, fmt=fmt)
    building = None
    building_id = data.get("attribute[building_id]") or data.get("address_id")
    if building_id:
        from grid.models import Building

        building = Building.objects.select_related("grid__community__street").filter(
            pk=parse_id(building_id)).first()
        if building is None:
            return render.error(400, _("楼栋编号 %(id)s 不存在。") % {"id": building_id}, fmt=fmt)
    if lat is None and not address and building is None:
        return render.error(400, _("请提供位置：lat/long、address_string 或 address_id 之一。"), fmt=fmt)
    description = data.get("description", "").strip()
    if not description:
        return render.error(400, _("缺少 description（诉求内容）。"), fmt=fmt)
    if len(description) > DESCRIPTION_MAX:
        return render.error(400, _("description 最长 %(n)d 个字符。") % {"n": DESCRIPTION_MAX}, fmt=fmt)
    name = f"{data.get('last_name', '')}{data.get('first_name', '')}".strip()[:50]
    try:
        appeal = services.appeal_create_external(
            api_key=key, category=category, text=description, address=address or (building.address if building else ""),
            latitude=lat, longitude=lng, contact_name=name, contact_phone=data.get("phone", "").strip()[:20],
            publish_allowed=data.get("attribute[publish]", "yes") != "no", building=building)
    except ValidationError as exc:
        return render.error(400, " ".join(exc.messages), fmt=fmt)
    except DomainError as exc:
        return render.error(exc.status_code if exc.status_code in (400, 403, 404) else 400, exc.message, fmt=fmt)
    return render.respond([{"service_request_id": appeal.number, "service_notice": formats.service_notice(appeal),
                            "account_id": None}], fmt=fmt, root="service_requests", status=201)


def not_found(request, rest=""):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return render.error(404, _("没有这个 Open311 接口。"), fmt=fmt)
