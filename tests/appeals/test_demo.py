import io

import pytest

from appeals import demo
from appeals.models import Appeal, DeadlineBreach, Level
from appeals.selectors import public_board
from appeals.workflow import Status
from taijiang.core import demo as core_demo
from taijiang.core.crypto import lookup_hash

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_few_hundred_varied_appeals_once():
    core_demo.seed_territory()
    core_demo.seed_accounts()
    demo.seed(stdout=io.StringIO())
    count = Appeal.objects.count()
    assert count == demo.COUNT
    assert set(Appeal.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Appeal.objects.values_list("level", flat=True)) == set(Level.values)
    assert set(Appeal.objects.values_list("community__code", flat=True)) == {"fuxiang", "furui", "houzhou-xincun"}
    assert Appeal.objects.filter(is_overdue=True).exists() and DeadlineBreach.objects.exists()
    assert Appeal.objects.filter(rating__isnull=False).exists() and public_board().exists()
    assert Appeal.objects.filter(submitter__username="demo-resident").exists()
    assert all(a.events.exists() for a in Appeal.objects.all()[:20])
    called = Appeal.objects.filter(channel="phone").exclude(contact_phone_hash="").first()
    assert called is not None and called.contact_phone.startswith("1380001")  # encrypted, with its hash
    assert called in Appeal.objects.filter(contact_phone_hash=lookup_hash(called.contact_phone))
    demo.seed(stdout=io.StringIO())
    assert Appeal.objects.count() == count
