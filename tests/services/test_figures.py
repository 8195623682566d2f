import datetime

import pytest
from django.utils import timezone

from services import services
from services.selectors import queue_figures, request_figures

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def test_queue_figures_per_window_item_and_hour(hall, people, item, time_machine):
    staff = people["window"]
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    services.ticket_issue(centre=hall["centre"], item=item)
    services.ticket_issue(centre=hall["centre"])
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 10, tzinfo=TZ))
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 16, tzinfo=TZ))
    services.ticket_complete(ticket=ticket, window=hall["w1"], actor=staff)
    other = services.ticket_call_next(window=hall["w2"], actor=staff)
    for _ in range(services.recalls_before_no_show()):
        services.ticket_recall(ticket=other, window=hall["w2"], actor=staff)
    services.ticket_no_show(ticket=other, window=hall["w2"], actor=staff)
    day = datetime.date(2026, 12, 1)
    figures = queue_figures(centre=hall["centre"], date_from=day, date_to=day)
    assert figures["total"] == {"tickets": 2, "served": 1, "no_shows": 1, "avg_wait_min": 13.0,
                                "avg_service_min": 6.0}
    assert [row["window"] for row in figures["by_window"]] == [1, 2]
    assert figures["by_window"][0]["avg_service_min"] == 6.0 and figures["by_window"][1]["no_shows"] == 1
    assert {row["item"] for row in figures["by_item"]} == {"高龄补贴", ""}
    assert figures["by_hour"][0]["hour"] == 9
    assert queue_figures(communities=[hall["centre"].community], date_from=day, date_to=day)["total"]["tickets"] == 2


def test_request_figures_on_time_rate(item, people, territory, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    staff = people["window"]
    for done in (True, False):
        request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                          community=territory["a1"])
        services.request_start_review(request=request, actor=staff)
        services.request_accept(request=request, actor=staff)
        if done:
            services.request_complete(request=request, actor=staff)
    day = datetime.date(2026, 12, 1)
    figures = request_figures(date_from=day, date_to=day)
    assert figures["total"] == 2 and figures["by_status"]["completed"] == 1 and figures["by_status"]["accepted"] == 1
    assert figures["on_time_rate"] == 1.0
    assert request_figures(communities=[territory["a2"]], date_from=day, date_to=day)["total"] == 0


def test_queue_figures_are_aggregated_by_the_database(hall, people, item, django_assert_max_num_queries):
    for _ in range(30):
        services.ticket_issue(centre=hall["centre"], item=item)
    day = timezone.localdate()
    with django_assert_max_num_queries(4):
        figures = queue_figures(centre=hall["centre"], date_from=day, date_to=day)
    assert figures["total"]["tickets"] == 30 and figures["total"]["avg_wait_min"] is None
    with django_assert_max_num_queries(3):
        assert request_figures(date_from=day, date_to=day)["total"] == 0
