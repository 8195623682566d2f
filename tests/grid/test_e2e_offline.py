"""Browser journey: a visit saved with no signal is kept on the phone and sent once when back online."""

import pytest

from grid.models import Visit
from tests import factories
from tests.factories import PASSWORD
from tests.grid.factories import HouseholdFactory, ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_offline_visit_is_kept_on_the_phone_and_sent_once_online(live_server, phone):
    grid = factories.GridFactory()
    building = factories.BuildingFactory(grid=grid, name="福祥小区1号楼")
    household = HouseholdFactory(building=building, door_number="301")
    resident = ResidentFactory(household=household, name="林秀英")
    factories.grid_worker(grid, username="e2e-worker")
    context, page = phone.context, phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "e2e-worker")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/grid/visits/new/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)").endswith("/grid/sw.js")
    context.set_offline(True)
    page.reload()  # no signal: the service worker serves the cached form
    page.wait_for_selector("#visit-form")
    page.fill("#household-search", "林秀英")
    page.check(f"#met-{resident.pk}", force=True)
    page.fill("#id_note", "离线登记")
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector("#draft-status:has-text('没有网络')")
    assert Visit.objects.count() == 0
    assert page.evaluate("""() => new Promise(r => { const q = indexedDB.open('grid-drafts', 1);
        q.onsuccess = () => { const g = q.result.transaction('visits').objectStore('visits').getAll();
        g.onsuccess = () => r(g.result.length); }; })""") == 1
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#draft-status:has-text('已全部提交')")
    visit = Visit.objects.get()
    assert visit.note == "离线登记" and list(visit.met_residents.all()) == [resident]
    page.reload()
    page.wait_for_load_state("networkidle")
    assert Visit.objects.count() == 1



def _eventually(page, script: str, seconds: float = 10.0) -> None:
    """Poll an async page expression until it resolves truthy (wait_for_function does not await promises)."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(100)


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_offline_visit_form_is_for_the_household_asked_for_across_two_households(live_server, phone):
    """Issue #15.1: the cache keeps each URL with its query string; a household never opened online is
    picked from the phone's household list, and one the phone does not hold is said so plainly."""
    grid = factories.GridFactory()
    building = factories.BuildingFactory(grid=grid, name="福祥小区1号楼")
    first = HouseholdFactory(building=building, door_number="301")
    second = HouseholdFactory(building=building, door_number="502")
    ResidentFactory(household=first, name="林秀英")
    met = ResidentFactory(household=second, name="陈阿婆")
    elsewhere = HouseholdFactory(building=factories.BuildingFactory(), door_number="101")
    factories.grid_worker(grid, username="e2e-worker-2")
    context, page = phone.context, phone
    _login(page, live_server, "e2e-worker-2")
    page.goto(f"{live_server.url}/grid/")
    page.evaluate("navigator.serviceWorker.ready")
    page.goto(f"{live_server.url}/grid/visits/new/?household={first.pk}")
    _eventually(page, "caches.has('grid-v2')")
    page.goto(f"{live_server.url}/grid/")  # the due list refreshes the plain form in the cache
    _eventually(page, "caches.open('grid-v2').then(c => c.match('/grid/visits/new/')).then(Boolean)")
    context.set_offline(True)

    page.goto(f"{live_server.url}/grid/visits/new/?household={first.pk}")
    assert page.input_value("#id_household") == str(first.pk)

    page.goto(f"{live_server.url}/grid/visits/new/?household={second.pk}")
    assert page.input_value("#id_household") == str(second.pk)  # not the first household's copy
    assert page.locator(f"#met-{met.pk}").count() == 1
    assert page.locator("#draft-status").is_hidden()
    # the grid pages' own styles come from the cache too
    assert page.evaluate("caches.match('/static/grid/grid.css').then(Boolean)")

    page.goto(f"{live_server.url}/grid/visits/new/?household={elsewhere.pk}")
    assert page.input_value("#id_household") == ""
    assert "手机上没有这户的资料" in page.inner_text("#draft-status")

    page.goto(f"{live_server.url}/grid/coverage/?week=3")  # never opened online
    assert "这个页面没有在手机上保存过" in page.inner_text("body")
    context.set_offline(False)


def test_an_ended_session_empties_the_pages_kept_on_the_phone(live_server, phone):
    grid = factories.GridFactory()
    HouseholdFactory(building=factories.BuildingFactory(grid=grid), door_number="301")
    factories.grid_worker(grid, username="e2e-worker-3")
    page = phone
    _login(page, live_server, "e2e-worker-3")
    page.goto(f"{live_server.url}/grid/")
    page.evaluate("navigator.serviceWorker.ready")
    page.goto(f"{live_server.url}/grid/visits/new/")
    _eventually(page, "caches.has('grid-v2')")
    page.context.clear_cookies()  # the session expired on the server side
    page.goto(f"{live_server.url}/grid/")
    assert "/accounts/login/" in page.url
    _eventually(page, "caches.has('grid-v2').then(has => !has)")
