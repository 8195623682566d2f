import io

import pytest

from grid.models import ServiceCentre
from spaces import demo
from spaces.models import Activity, Booking, Room, TimeSlice
from spaces.selectors import office_share
from taijiang.core.demo import seed_accounts, seed_territory

pytestmark = pytest.mark.django_db


def test_demo_seeds_fuxiang_rooms_slices_bookings_and_two_activities_once(now):
    seed_territory()
    seed_accounts()
    out = io.StringIO()
    demo.seed(stdout=out)
    counts = (Room.objects.count(), TimeSlice.objects.count(), Booking.objects.count(), Activity.objects.count())
    assert counts[0] == 9 and counts[1] > 40 and counts[2] == 7 and counts[3] == 2, out.getvalue()
    assert Activity.objects.get(kind="deliberation").appeal_links.count() == 2
    demo.seed(stdout=io.StringIO())
    assert (Room.objects.count(), TimeSlice.objects.count(), Booking.objects.count(),
            Activity.objects.count()) == counts
    figures = office_share(ServiceCentre.objects.get(community__code="fuxiang"))
    assert figures["within_limit"] and figures["workers"] == 3 and figures["per_worker_band"] == "within"


def test_every_page_renders_on_demo_data(now, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    seed_territory()
    seed_accounts()
    demo.seed(stdout=io.StringIO())
    users = get_user_model().objects
    room = Room.objects.get(name="多功能室")
    activity = Activity.objects.get(kind="deliberation")
    client.force_login(users.get(username="demo-resident"))
    for url in [reverse("spaces:rooms"), reverse("spaces:room_detail", args=[room.pk]),
                reverse("spaces:room_day", args=[room.pk]), reverse("spaces:room_week", args=[room.pk]),
                reverse("spaces:book", args=[room.pk]), reverse("spaces:my_bookings"), reverse("spaces:activities"),
                reverse("spaces:activity_detail", args=[activity.pk]), reverse("dashboard:mine"), "/"]:
        assert client.get(url).status_code == 200, url
    client.force_login(users.get(username="demo-community"))
    for url in [reverse("spaces:manage_rooms"), reverse("spaces:room_edit", args=[room.pk]),
                reverse("spaces:room_slices", args=[room.pk]), reverse("spaces:approvals"),
                reverse("spaces:manage_bookings"), reverse("spaces:manage_activities"),
                reverse("spaces:activity_create"), reverse("spaces:activity_manage", args=[activity.pk]),
                reverse("spaces:figures"), "/"]:
        assert client.get(url).status_code == 200, url
    client.force_login(users.get(username="demo-street"))
    body = client.get(reverse("spaces:figures")).content.decode()
    assert "福祥社区党群服务中心" in body
