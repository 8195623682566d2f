"""The notification centre in Debian's chromium: mark read without a reload, badge follows."""

import pytest

from taijiang.notifications.services import notify
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def first_of_two_unread():
    # Written before the browser starts: no ORM call from inside Playwright's event loop.
    user = factories.resident(username="lin", phone="13900005555")
    first = notify(recipient=user, event="notifications.test", context={"text": "一"})
    notify(recipient=user, event="notifications.test", context={"text": "二"})
    return first


def test_resident_marks_notifications_read_without_a_reload(first_of_two_unread, phone):
    first = first_of_two_unread
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", "lin")
    phone.fill("input[name=password]", factories.PASSWORD)
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("domcontentloaded")
    phone.goto("/notifications/")
    badge = phone.locator(".navbar .d-lg-none .badge [data-unread]")
    badge.wait_for()
    assert badge.inner_text() == "2"
    phone.evaluate("window.__sameDocument = true")

    phone.click(f"#notification-{first.pk} button:has-text('标为已读')")
    phone.locator(f"#notification-{first.pk} .badge:has-text('已读')").wait_for()
    phone.wait_for_function("() => document.querySelector('.navbar .d-lg-none .badge [data-unread]')?.innerText === '1'")

    phone.click("button:has-text('全部标为已读')")
    phone.wait_for_function("() => !document.querySelector('.navbar .d-lg-none .badge')")
    assert phone.locator("button:has-text('标为已读')").count() == 1  # only “全部标为已读” is left
    assert phone.evaluate("window.__sameDocument") is True  # no page load happened
