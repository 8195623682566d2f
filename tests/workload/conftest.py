import datetime

import pytest
from django.utils import timezone

from taijiang.users.models import Role
from taijiang.workdays.calendar import add_working_days
from tests import factories
from workload import services
from workload.models import Department, DepartmentMember, Disposition, Task, TaskList


@pytest.fixture
def departments(db):
    return {
        "cg": Department.objects.create(name="区城市管理局", short_name="城管"),
        "tj": Department.objects.create(name="区统计局", short_name="统计"),
    }


def liaison_of(department, **kwargs):
    user = factories.UserFactory(role=Role.DEPARTMENT, **kwargs)
    DepartmentMember.objects.create(user=user, department=department)
    return user


@pytest.fixture
def people(territory, departments):
    t = territory
    return {
        "resident": factories.resident(community=t["a1"]),
        "window": factories.UserFactory(role=Role.WINDOW_STAFF, community=t["a1"], street=t["street_a"]),
        "grid": factories.UserFactory(role=Role.GRID_WORKER, community=t["a1"], grids=[t["g1"]]),
        "community_a1": factories.UserFactory(role=Role.COMMUNITY_ADMIN, community=t["a1"], street=t["street_a"]),
        "community_b1": factories.UserFactory(role=Role.COMMUNITY_ADMIN, community=t["b1"], street=t["street_b"]),
        "street_a": factories.UserFactory(role=Role.STREET_ADMIN, street=t["street_a"]),
        "street_b": factories.UserFactory(role=Role.STREET_ADMIN, street=t["street_b"]),
        "district": factories.UserFactory(role=Role.DISTRICT_ADMIN),
        "cg": liaison_of(departments["cg"]),
        "tj": liaison_of(departments["tj"]),
        "orphan_department": factories.UserFactory(role=Role.DEPARTMENT),  # no department linked
    }


@pytest.fixture
def today():
    return timezone.localdate()


def file(actor, *, today=None, start=None, title="背街小巷巡查", communities=(), **fields):
    today = today or timezone.localdate()
    data = {"task_list": TaskList.ASSISTING, "legal_basis": "《市容条例》", "hours_per_month": 4,
            "resources_offered": "每社区每年 1 万元"} | fields
    return services.application_file(actor=actor, title=title, today=today,
                                     start_date=start or add_working_days(today, 40), communities=communities, **data)


@pytest.fixture
def application(people):
    return file(people["cg"])


@pytest.fixture
def reviewed(people, application):
    return services.application_review(application=application, actor=people["street_a"], agrees=True,
                                       opinion="同意")


@pytest.fixture
def admitted(people, reviewed):
    return services.application_decide(application=reviewed, actor=people["district"], admit=True, reason="准入")


def make_task(code, *, task_list=TaskList.DUTY, disposition=Disposition.KEPT, since=datetime.date(2024, 1, 1),
              until=None, communities=(), **fields):
    task = Task.objects.create(code=code, title=fields.pop("title", f"事项{code}"), category="综合", task_list=task_list,
                               disposition=disposition, in_force_from=since, in_force_until=until, **fields)
    if communities:
        task.communities.set(communities)
    return task
