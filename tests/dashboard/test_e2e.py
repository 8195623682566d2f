"""The street admin opens the overview on a phone: charts drawn, nothing wider than the screen."""

import pytest
from django.core.management import call_command

WIDE = """Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > 391)
  .slice(0, 8).map(e => e.tagName + "." + e.className + ":" + Math.round(e.getBoundingClientRect().right))"""
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_street_admin_reads_the_overview_on_a_phone(demo_data, phone):
    call_command("rollup_figures", days=30)
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", "13800000005")
    phone.fill("input[name=password]", "taijiang-demo")
    phone.click("main form button[type=submit]")
    phone.click("a.card:has-text('数据看板')")
    phone.wait_for_url("**/me/dashboard/")
    phone.select_option("select[name=days]", "7")
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/me/dashboard/?days=7")
    phone.wait_for_selector(".dash-chart canvas")
    assert phone.locator(".dash-chart canvas").count() >= 3
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, phone.evaluate(WIDE)
    assert "各社区对比" in phone.content()
