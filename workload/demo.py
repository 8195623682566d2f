"""Demo of the reform (run by `seed_demo`): the 145 baseline reduced to a published list per
community, two applications in progress and one admitted, one refusal, ledgers before/after.

Idempotent: the baseline by its numbers, accounts by username, applications by title, the refusal
by what was pushed, ledgers by (community, name); lists are published once per community. Writes go
through the services, so history rows and notifications are as in real use.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import Community, Street
from taijiang.core.demo import DEMO_PASSWORD
from taijiang.users.models import Role
from taijiang.workdays.calendar import add_working_days

from . import baseline, services
from .models import Application, Department, DepartmentMember, Ledger, LedgerStatus, ListVersion, Refusal, TaskList

REFORM_DATE = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2024, 1, 1)

# name, what became of it, the portal data that replaces it
LEDGERS = [
    ("走访记录台账", LedgerStatus.REPLACED, "visits"), ("重点人群关爱台账", LedgerStatus.REPLACED, "visits"),
    ("居民诉求登记台账", LedgerStatus.REPLACED, "appeals"), ("矛盾纠纷排查台账", LedgerStatus.REPLACED, "appeals"),
    ("代办服务登记台账", LedgerStatus.REPLACED, "requests"), ("窗口办件登记台账", LedgerStatus.REPLACED, "requests"),
    ("党建工作图片资料汇编", LedgerStatus.ABOLISHED, ""), ("文明创建迎检资料", LedgerStatus.ABOLISHED, ""),
    ("安全生产月活动材料", LedgerStatus.ABOLISHED, ""), ("志愿服务时长台账", LedgerStatus.ABOLISHED, ""),
    ("社区工作月报", LedgerStatus.ABOLISHED, ""),
    ("低保家庭动态管理台账", LedgerStatus.KEPT, ""), ("人民调解案件卷宗", LedgerStatus.KEPT, ""),
    ("居民会议记录", LedgerStatus.KEPT, ""), ("应急物资储备台账", LedgerStatus.KEPT, ""),
]


def _account(username: str, **fields):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **fields)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed(*, stdout) -> None:
    created = baseline.load(reform_date=REFORM_DATE, before=BEFORE)
    houzhou = Street.objects.get(code="houzhou")
    fuxiang = Community.objects.get(code="fuxiang")
    furui = Community.objects.get(code="furui")
    district = get_user_model().objects.get(username="demo-district")  # created with the other accounts
    liaison = _account("demo-department", role=Role.DEPARTMENT, display_name="城管局联络员", phone="13800000008")
    DepartmentMember.objects.get_or_create(user=liaison, defaults={"department": Department.objects.get(
        short_name="城管")})
    street = get_user_model().objects.get(username="demo-street")
    community_admin = get_user_model().objects.get(username="demo-community")
    today = timezone.localdate()
    _seed_applications(liaison, street, district, today, (fuxiang, furui))
    _seed_refusal(community_admin, today)
    _seed_ledgers(district)
    communities = list(Community.objects.order_by("street__code", "code"))
    if not ListVersion.objects.filter(community__isnull=True).exists():
        services.task_list_publish(actor=district, note="去机关化后全区社区工作事项清单")
    for community in communities:
        if not ListVersion.objects.filter(community=community).exists():
            services.task_list_publish(actor=district, community=community, note="首版")
    carried = ListVersion.objects.filter(community=fuxiang).order_by("-version").first()
    stdout.write(f"  workload: 145 baseline tasks ({created} new), {len(communities)} community lists "
                 f"(福祥社区 carries {carried.carried_count}), "
                 f"{Application.objects.filter(status__in=('submitted', 'reviewed')).count()} applications in "
                 f"progress, {Refusal.objects.count()} refusal, {Ledger.objects.count()} ledgers; "
                 f"accounts demo-department, demo-district (street {houzhou.name})")


def _file(liaison, today, title, **fields):
    existing = Application.objects.filter(title=title).first()
    if existing:
        return existing
    start = add_working_days(today, 40)
    return services.application_file(actor=liaison, title=title, today=today, start_date=start, **fields)


def _seed_applications(liaison, street, district, today, pilots) -> None:
    _file(liaison, today, "背街小巷环境卫生每周巡查", category="城市管理", task_list=TaskList.ASSISTING,
          legal_basis="《福州市市容和环境卫生管理办法》", hours_per_month=6,
          resources_offered="每社区每年巡查经费 1.2 万元；城管网格员每周联合巡查一次；上报走 12319 系统，不另设台账。",
          ledgers_required="无（使用城管系统记录）", communities=pilots)
    reviewed = _file(liaison, today, "户外广告招牌安全隐患排查", category="城市管理", task_list=TaskList.ASSISTING,
                     legal_basis="《福建省户外广告设置管理办法》", hours_per_month=4,
                     resources_offered="区城管局派专业人员带队，社区只负责通知商户；按次补助。")
    if reviewed.status == "submitted":
        services.application_review(application=reviewed, actor=street, agrees=True,
                                    opinion="同意。请区城管局按次落实补助，排查结果不要求社区另建台账。")
    admitted = Application.objects.filter(title="垃圾分类定时定点督导").first()
    if admitted is None:
        filed = today - datetime.timedelta(days=90)
        admitted = services.application_file(
            actor=liaison, today=filed, start_date=add_working_days(filed, 30), title="垃圾分类定时定点督导",
            category="城市管理", task_list=TaskList.ASSISTING, legal_basis="《福州市生活垃圾分类管理条例》",
            hours_per_month=10, resources_offered="每个督导点每月补助 800 元，由区城管局直接拨付；督导员由物业承担。")
        services.application_review(application=admitted, actor=street, agrees=True, opinion="同意，经费须到位。")
        services.application_decide(application=admitted, actor=district, admit=True,
                                    reason="有法定依据，经费随事转，准入。")


def _seed_refusal(community_admin, today) -> None:
    what = "社区人口数据月报（部门自行布置）"
    if Refusal.objects.filter(what=what).exists():
        return
    refusal = services.refusal_record(
        actor=community_admin, community=community_admin.community, department=Department.objects.get(short_name="统计"),
        what=what, pushed_on=today - datetime.timedelta(days=3), channel="chat",
        details="工作群通知每月 5 日前报送辖区人口变动表，未经准入，也无经费。")
    services.refusal_refuse(refusal=refusal, actor=community_admin,
                            reason="未经准入；人口变动数据可由公安户籍系统直接获取，社区不另行填报。")


def _seed_ledgers(actor) -> None:
    for community in Community.objects.filter(is_pilot=True) | Community.objects.filter(code__in=("yingdong",)):
        for name, outcome, source in LEDGERS:
            if Ledger.objects.filter(community=community, name=name).exists():
                continue
            ledger = services.ledger_add(actor=actor, community=community, name=name)
            if outcome != LedgerStatus.KEPT:
                services.ledger_cut(ledger=ledger, actor=actor, status=outcome, replaced_by=source,
                                    note="去机关化台账精简")
