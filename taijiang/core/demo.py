"""Demo territory, centres, holidays and one account per role (run by `seed_demo`).

Idempotent: every row is looked up by a natural key first, so running it again keeps what is
there (including anything an admin changed).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from grid.models import Building, Community, Grid, OpeningPeriod, ServiceCentre, Street
from taijiang.users.models import Role
from taijiang.workdays.models import CalendarDay

DEMO_PASSWORD = "taijiang-demo"

# The 10 streets of Taijiang and a few communities each (福祥 and 福瑞 are the reform pilots).
STREETS = [
    ("yingzhou", "瀛洲街道", [("yingdong", "瀛东社区"), ("yingxi", "瀛西社区")]),
    ("houzhou", "后洲街道", [("fuxiang", "福祥社区"), ("furui", "福瑞社区"), ("houzhou-xincun", "后洲新村社区")]),
    ("yizhou", "义洲街道", [("yizhou-yuan", "义洲苑社区")]),
    ("xingang", "新港街道", [("xingang-zhongxin", "新港中心社区")]),
    ("shanghai", "上海街道", [("fenghuang", "凤凰社区")]),
    ("cangxia", "苍霞街道", [("cangxia-xincheng", "苍霞新城社区")]),
    ("chating", "茶亭街道", [("chating-shequ", "茶亭社区")]),
    ("yangzhong", "洋中街道", [("jindou", "金斗社区")]),
    ("aofeng", "鳌峰街道", [("aofeng-fang", "鳌峰坊社区")]),
    ("ninghua", "宁化街道", [("ninghua-shequ", "宁化社区")]),
]

# Each community gets grids; 福祥 and 福瑞 get the full demo (grids with named buildings).
GRIDS = {
    "fuxiang": [("fuxiang-g1", "第一网格", ["福祥小区1号楼", "福祥小区2号楼", "福祥小区3号楼"]),
                ("fuxiang-g2", "第二网格", ["福祥小区5号楼", "福祥小区6号楼", "福祥花园A座"]),
                ("fuxiang-g3", "第三网格", ["福祥花园B座", "后洲路12号", "后洲路18号"])],
    "furui": [("furui-g1", "第一网格", ["福瑞新村1号楼", "福瑞新村2号楼"]),
              ("furui-g2", "第二网格", ["福瑞新村3号楼", "福瑞新村4号楼"])],
}

# Official 2026 holidays and make-up working days (调休); admins maintain the real list.
CALENDAR_2026 = [
    ("2026-01-01", "holiday", "元旦"), ("2026-01-02", "holiday", "元旦"), ("2026-01-03", "holiday", "元旦"),
    ("2026-01-04", "workday", "元旦调休"),
    *[(f"2026-02-{d}", "holiday", "春节") for d in range(15, 24)],
    ("2026-02-14", "workday", "春节调休"), ("2026-02-28", "workday", "春节调休"),
    ("2026-04-04", "holiday", "清明节"), ("2026-04-05", "holiday", "清明节"), ("2026-04-06", "holiday", "清明节"),
    *[(f"2026-05-0{d}", "holiday", "劳动节") for d in range(1, 6)], ("2026-05-09", "workday", "劳动节调休"),
    ("2026-06-19", "holiday", "端午节"), ("2026-06-20", "holiday", "端午节"), ("2026-06-21", "holiday", "端午节"),
    ("2026-09-25", "holiday", "中秋节"), ("2026-09-26", "holiday", "中秋节"), ("2026-09-27", "holiday", "中秋节"),
    *[(f"2026-10-0{d}", "holiday", "国庆节") for d in range(1, 8)],
    ("2026-09-20", "workday", "国庆节调休"), ("2026-10-10", "workday", "国庆节调休"),
    ("2027-01-01", "holiday", "元旦"),
]


def seed(*, stdout) -> None:
    """The territory and the accounts every app's demo builds on (taijiang.core is the first app)."""
    seed_territory(stdout)
    seed_accounts(stdout)


def seed_territory(stdout=None) -> None:
    for index, (code, name, communities) in enumerate(STREETS):
        street, _ = Street.objects.get_or_create(code=code, defaults={"name": name})
        ServiceCentre.objects.get_or_create(
            street=street, community=None,
            defaults={"name": f"{name}党群服务中心", "address": f"福州市台江区{name}", "total_area_m2": Decimal("800")},
        )
        for c_code, c_name in communities:
            community, _ = Community.objects.get_or_create(
                code=c_code, defaults={"street": street, "name": c_name, "is_pilot": c_code in ("fuxiang", "furui")}
            )
            centre, created = ServiceCentre.objects.get_or_create(
                community=community,
                defaults={"street": street, "name": f"{c_name}党群服务中心", "address": f"福州市台江区{name}{c_name}",
                          "phone": f"0591-8{index:02d}{len(c_code):02d}000", "total_area_m2": Decimal("420"),
                          "has_self_service": c_code == "fuxiang"},
            )
            if created:
                _seed_opening_hours(centre)
            grids = GRIDS.get(c_code, [(f"{c_code}-g1", "第一网格", [f"{c_name}1号楼"])])
            for g_code, g_name, buildings in grids:
                grid, _ = Grid.objects.get_or_create(code=g_code, defaults={"community": community, "name": g_name})
                for b_index, b_name in enumerate(buildings):
                    Building.objects.get_or_create(
                        grid=grid, name=b_name,
                        defaults={"address": f"福州市台江区{c_name}{b_name}",
                                  "latitude": Decimal("26.0530") + Decimal(b_index) / 1000,
                                  "longitude": Decimal("119.3100") + Decimal(index) / 1000},
                    )
    for day, kind, name in CALENDAR_2026:
        CalendarDay.objects.get_or_create(date=datetime.date.fromisoformat(day), defaults={"kind": kind, "name": name})
    if stdout:
        stdout.write(f"  territory: {Street.objects.count()} streets, {Community.objects.count()} communities, "
                     f"{Grid.objects.count()} grids, {Building.objects.count()} buildings")


def _seed_opening_hours(centre: ServiceCentre) -> None:
    # Summer hours 8:30–12:00 and 14:30–17:30; winter afternoons start at 14:00 (DOMAIN.md).
    summer = (datetime.date(2026, 5, 1), datetime.date(2026, 9, 30))
    rows = []
    for weekday in range(5):
        rows.append(OpeningPeriod(centre=centre, weekday=weekday, opens=datetime.time(8, 30),
                                  closes=datetime.time(12, 0)))
        rows.append(OpeningPeriod(centre=centre, weekday=weekday, opens=datetime.time(14, 30),
                                  closes=datetime.time(17, 30), valid_from=summer[0], valid_until=summer[1]))
        rows.append(OpeningPeriod(centre=centre, weekday=weekday, opens=datetime.time(14, 0),
                                  closes=datetime.time(17, 30), valid_from=datetime.date(2026, 10, 1),
                                  valid_until=datetime.date(2027, 4, 30)))
    # Staggered and weekend duty (弹性服务工作制): Tuesday and Thursday evenings, Saturday morning.
    rows.append(OpeningPeriod(centre=centre, weekday=1, opens=datetime.time(17, 30), closes=datetime.time(20, 0),
                              kind=OpeningPeriod.Kind.STAGGERED_LATE))
    rows.append(OpeningPeriod(centre=centre, weekday=3, opens=datetime.time(17, 30), closes=datetime.time(20, 0),
                              kind=OpeningPeriod.Kind.STAGGERED_LATE))
    rows.append(OpeningPeriod(centre=centre, weekday=5, opens=datetime.time(9, 0), closes=datetime.time(12, 0),
                              kind=OpeningPeriod.Kind.EXTENDED))
    OpeningPeriod.objects.bulk_create(rows)


def seed_accounts(stdout=None) -> dict:
    User = get_user_model()
    fuxiang = Community.objects.get(code="fuxiang")
    grids = list(Grid.objects.filter(community=fuxiang).order_by("code"))
    home = Building.objects.filter(grid=grids[0]).order_by("name").first()
    accounts = {
        "demo-resident": {"role": Role.RESIDENT, "display_name": "林阿姨", "phone": "13800000001",
                          "community": fuxiang, "street": fuxiang.street, "building": home},
        "demo-window": {"role": Role.WINDOW_STAFF, "display_name": "陈窗口", "phone": "13800000002",
                        "community": fuxiang, "street": fuxiang.street},
        "demo-grid": {"role": Role.GRID_WORKER, "display_name": "王网格", "phone": "13800000003",
                      "community": fuxiang, "street": fuxiang.street},
        "demo-community": {"role": Role.COMMUNITY_ADMIN, "display_name": "郑书记", "phone": "13800000004",
                           "community": fuxiang, "street": fuxiang.street},
        "demo-street": {"role": Role.STREET_ADMIN, "display_name": "黄主任", "phone": "13800000005",
                        "street": fuxiang.street},
        # District-wide settings (catalogue, holidays, categories, district Open311 keys) are theirs.
        "demo-district": {"role": Role.DISTRICT_ADMIN, "display_name": "周科长", "phone": "13800000006"},
    }
    users = {}
    for username, fields in accounts.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, **fields)
            user.set_password(DEMO_PASSWORD)
            user.save()
            if fields["role"] == Role.GRID_WORKER:
                user.grids.set(grids[:2])
        users[username] = user
    if stdout:
        stdout.write(f"  accounts: {', '.join(accounts)} (password {DEMO_PASSWORD})")
    return users
