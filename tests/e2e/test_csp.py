"""The pages that run scripts still work under the Content-Security-Policy, and break none of it.

Each journey records every `securitypolicyviolation` event, every console message about the
policy, every htmx refusal to evaluate code and every uncaught script error, and ends by asserting
that there were none, after checking that the page's interactive part did its job.

Set E2E_SCREENSHOTS=/some/dir to keep a screenshot of each page for a person to look at."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from grid.models import ServiceCentre
from services.models import CatalogueVersion, ServiceItem
from tests import factories

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "taijiang-demo"
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => window.__cspReport(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
for (const name of ["htmx:evalDisallowedError", "htmx:evalError"]) {
  document.addEventListener(name, (e) => window.__cspReport(`${name} on ${e.target && e.target.outerHTML.slice(0, 120)}`));
}
"""
# Counts print requests instead of opening the print dialog.
STUB_PRINT = "() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }"


class Watched:
    """A phone page that collects policy violations and script errors while it is driven."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        page.context.expose_binding("__cspReport", lambda source, text: self.problems.append(
            f"{source['page'].url}: {text}"))
        page.context.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def screenshot(self, name):
        folder = os.environ.get("E2E_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    def assert_clean(self):
        self.page.wait_for_load_state("networkidle")
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
def watched(phone):
    return Watched(phone)


def _log_out(watched):
    """The logout form empties the grid's offline cache through data-clear-cache, then signs out."""
    page = watched.page
    if page.locator("button.navbar-toggler").is_visible():
        page.click("button.navbar-toggler")
    page.click("form[data-clear-cache] button[type=submit]")
    page.wait_for_selector("a.nav-link[href='/accounts/login/']", state="attached")


def test_demo_roles_walk_the_pages_that_run_scripts_under_the_policy(demo_data, watched, tmp_path):
    from tests.appeals.conftest import jpeg

    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg().read())
    _grid_worker(watched)
    assert watched.page.evaluate("caches.has('grid-v2')") is True
    _log_out(watched)
    assert watched.page.evaluate("caches.has('grid-v2')") is False  # nothing left for the next person
    _resident(watched, photo)
    _log_out(watched)
    _window_clerk(watched)
    _log_out(watched)
    _street_admin(watched)
    _log_out(watched)
    _catalogue(watched)
    watched.assert_clean()


def _grid_worker(watched):
    page = watched.page
    login(page, "demo-grid", DEMO_PASSWORD)

    page.goto("/grid/visits/new/")
    # The offline-capable form: the service worker is installed and the households came through json_script.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)").endswith("/grid/sw.js")
    households = page.evaluate("JSON.parse(document.getElementById('households-data').textContent)")
    first = next(h for h in households if len(h["residents"]) >= 2)  # so the visit page offers a choice
    page.fill("#household-search", first["residents"][0]["name"])
    page.wait_for_selector(f"#met-{first['residents'][0]['id']}", state="attached")
    assert page.input_value("#id_household") == str(first["id"])
    page.check(f"#met-{first['residents'][0]['id']}", force=True)
    page.check("input[name=kind] >> nth=0", force=True)
    page.check("input[name=outcome] >> nth=0", force=True)
    page.fill("#id_note", "CSP 检查")
    watched.screenshot("grid-visit-form")
    page.click("#visit-form button[type=submit]")
    page.wait_for_url(re.compile(r"/grid/visits/\d+/$"))  # saved through the API, then shown
    assert "CSP 检查" in page.inner_text("main")

    # Visit detail: picking another resident submits the form through data-autosubmit.
    chosen = page.input_value("#handoff-resident")
    other = next(v for v in page.eval_on_selector_all("#handoff-resident option", "os => os.map(o => o.value)")
                 if v != chosen)
    page.select_option("#handoff-resident", other)
    page.wait_for_url(re.compile(rf"/grid/visits/\d+/\?resident={other}$"))
    assert page.input_value("#handoff-resident") == other

    page.goto("/grid/coverage/")
    page.wait_for_selector("#weekly-chart canvas")
    watched.screenshot("grid-coverage")
    page.goto("/grid/")


def _resident(watched, photo):
    page = watched.page
    login(page, "demo-resident", DEMO_PASSWORD)
    page.goto("/appeals/")
    page.fill("#id_text", "小区门口的路灯坏了，晚上很黑")
    page.wait_for_selector("[data-pick-category]")  # htmx sends the field's own value, no eval
    page.click("[data-pick-category]")
    assert page.input_value("#id_category") == page.get_attribute("[data-pick-category]", "data-pick-category")
    page.set_input_files("input[name=photos]", str(photo))
    watched.screenshot("appeals-submit")
    page.click("#appeal-form button[type=submit]")
    page.wait_for_selector("text=提交成功")

    page.click("button.navbar-toggler")
    page.select_option("select[name=language]", "en")  # data-autosubmit
    page.wait_for_selector("html[lang=en]")
    page.click("button.navbar-toggler")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")


def _window_clerk(watched):
    page = watched.page
    login(page, "demo-window", DEMO_PASSWORD)
    page.goto("/services/queue/console/")
    page.wait_for_selector("#panel .card")
    if page.locator("#panel button:has-text('开窗')").count():
        page.click("#panel button:has-text('开窗')")
        page.wait_for_selector("#panel button:has-text('关窗')")
    if page.locator("#panel button:has-text('办结')").count() and not page.locator("#panel button:has-text('重呼')").count():
        page.click("#panel button:has-text('办结')")  # the demo's ticket being served
        page.wait_for_selector("#panel button:has-text('叫下一位')")
    if page.locator("#panel button:has-text('叫下一位')").count():
        page.click("#panel button:has-text('叫下一位')")
        page.wait_for_selector("#panel button:has-text('重呼')")
    number = page.inner_text("#panel .display-4")
    page.click("#panel button:has-text('重呼')")  # hx-post with JSON hx-vals
    page.wait_for_selector("#panel p:has-text('已重呼')")
    assert page.inner_text("#panel .display-4") == number

    # While a priority check is open the waiting list does not refresh under the clerk's hands.
    waiting = "document.getElementById('waiting')"
    refresh = f"htmx.trigger({waiting}, 'htmx:beforeRequest', {{elt: {waiting}}})"
    assert page.evaluate(refresh) is True
    page.click("#waiting details summary >> nth=0")
    assert page.evaluate(refresh) is False
    ticket = page.inner_text("#waiting details >> nth=0 >> xpath=ancestor::li//strong")
    page.click("#waiting details[open] button >> nth=0")
    page.wait_for_selector(f"#waiting li:has(strong:text-is('{ticket}')) .badge.text-bg-danger")
    watched.screenshot("queue-console")

    centre = ServiceCentre.objects.filter(windows__staff__username="demo-window").first()
    page.goto(f"/services/queue/display/{centre.pk}/")
    page.check("#speak-toggle")
    assert page.evaluate("localStorage.getItem('services.speak')") == "1"
    with page.expect_response(lambda r: r.url.endswith(f"/queue/display/{centre.pk}/board/")) as poll:
        pass  # the board refreshes itself through htmx
    assert poll.value.status == 200
    watched.screenshot("hall-display")


def _catalogue(watched):
    page = watched.page
    item = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE).order_by("pk").first()
    page.goto(f"/services/items/{item.code}/")
    page.evaluate(STUB_PRINT)
    page.click("button[data-print]")
    assert page.evaluate("window.__printed") == 1
    watched.screenshot("catalogue-item")
    version = CatalogueVersion.objects.order_by("-number").first()
    page.goto(f"/services/versions/{version.number}/")
    page.evaluate(STUB_PRINT)
    page.click("button[data-print]")
    assert page.evaluate("window.__printed") == 1


def _street_admin(watched):
    call_command("rollup_figures", days=30)
    page = watched.page
    login(page, "demo-street", DEMO_PASSWORD)
    page.goto("/me/dashboard/")
    page.wait_for_selector(".dash-chart canvas")
    assert page.locator(".dash-chart canvas").count() >= 3
    watched.screenshot("dashboard")


def test_django_admin_and_api_docs_work_under_the_policy(db, watched):
    factories.district_admin(username="root-e2e", is_staff=True, is_superuser=True)
    page = watched.page
    page.goto("/django-admin/login/")
    page.fill("input[name=username]", "root-e2e")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")
    page.goto("/django-admin/users/user/")
    page.click("#result_list tbody tr th a >> nth=0")
    page.wait_for_selector("#user_form")
    # The date shortcuts are added by the admin's own scripts: clicking "today" fills the field.
    page.fill("#id_last_login_0", "")
    page.click("#id_last_login_0 ~ .datetimeshortcuts a >> nth=0")
    assert page.input_value("#id_last_login_0") != ""
    watched.screenshot("admin-change-form")

    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30000)
    watched.screenshot("api-docs")
    watched.assert_clean()


def test_an_injected_inline_script_is_blocked_and_reported(db, watched):
    page = watched.page
    page.goto("/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                             document.body.appendChild(s);
                             const img = document.createElement("div");
                             img.innerHTML = '<img src="/static/css/portal.css" onerror="window.__ran = true">';
                             document.body.appendChild(img); }""")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in problem for problem in watched.problems), watched.problems
