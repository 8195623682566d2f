"""Issue #15.4–5 in the browser: every page of every demo role passes axe (no serious or critical
WCAG 2.1 A/AA finding) at phone width, and 长辈模式 is measured: text ≥ 18 px, tap targets ≥ 44 × 44 px,
no sideways scrolling at 360 px even with the text doubled. Screenshots go to $E2E_SCREENSHOTS."""

import os
from pathlib import Path

import pytest

from taijiang.core.portal import FLAT_MENU_MAX

from .accessibility import axe_findings
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "taijiang-demo"
ROLES = ["demo-resident", "demo-window", "demo-grid", "demo-community", "demo-street", "demo-district",
         "demo-department"]
# Pages reached from the home page and the menus, plus the ones a journey passes through.
ALWAYS = ["/", "/notifications/", "/accounts/profile/", "/accounts/password/"]
RESIDENT_PAGES = ["/me/mine/", "/appeals/mine/", "/services/queue/mine/", "/services/appointments/book/",
                  "/services/items/mz-gaoling/", "/appeals/"]
PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/register/", "/services/", "/services/items/mz-dibao/",
                "/appeals/board/", "/spaces/"]
# A sample of the pages each list leads to (detail pages), found by their first link.
DETAIL_LINKS = {
    "/appeals/mine/": "main a[href^='/appeals/'][href*='-']",
    "/appeals/worklist/": "main a[href^='/appeals/'][href$='/']",
    "/grid/households/": "main a[href^='/grid/households/'][href$='/']",
    "/services/requests/": "main a[href^='/services/requests/'][href$='/']",
}


def _shot(page, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "#mainnav a.nav-link[href^='/'], #mainnav a.dropdown-item[href^='/']",
        "links => links.map(a => a.getAttribute('href'))")


def _pages_of(page, role) -> list[str]:
    page.goto("/")
    pages = list(dict.fromkeys(ALWAYS + (RESIDENT_PAGES if role == "demo-resident" else []) + _menu_links(page)))
    for listing, selector in DETAIL_LINKS.items():
        if listing in pages:
            page.goto(listing)
            first = page.locator(selector).first
            if first.count():
                pages.append(first.get_attribute("href"))
    return list(dict.fromkeys(pages))


def _audit(page, paths, label) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status < 400, f"{label} {path}: {response.status}"
        page.wait_for_load_state("networkidle")
        problems += [f"{label} {path}: {line}" for line in axe_findings(page)]
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > page.viewport_size["width"]:
            problems.append(f"{label} {path}: scrolls sideways ({wide} px)")
        _shot(page, f"a11y-{label}-{path.strip('/').replace('/', '-') or 'home'}")
    return problems


def test_public_pages_pass_axe_on_a_phone(phone, demo_data):
    problems = _audit(phone, PUBLIC_PAGES, "anonymous")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_each_role_passes_axe_on_a_phone(phone, demo_data, role):
    phone.set_viewport_size({"width": 360, "height": 740})
    login(phone, role, PASSWORD)
    problems = _audit(phone, _pages_of(phone, role), role)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_each_role_passes_axe_on_a_desktop(browser, live_server, demo_data, role):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, role, PASSWORD)
        pages = _pages_of(page, role)
        # staff with a long menu get it grouped by job, the current page marked (#15.6); short ones stay flat
        page.goto(pages[-1])
        menu_items = page.locator("#mainnav ul.me-auto a[href^='/']").count()
        grouped = role != "demo-resident" and menu_items > FLAT_MENU_MAX
        assert (page.locator("#mainnav [data-bs-toggle=dropdown]").count() >= 2) is grouped
        assert page.locator("#mainnav [aria-current=page]").count() <= 1
        problems = _audit(page, pages, f"{role}-desktop")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


# --- 长辈模式 ------------------------------------------------------------------------------

ELDER_PAGES = ["/", "/notifications/", "/me/mine/", "/appeals/mine/", "/services/", "/services/items/mz-gaoling/",
               "/services/appointments/", "/appeals/", "/spaces/"]
TAP_TARGETS = """() => [...document.querySelectorAll(
    'main a, main button, main select, main input:not([type=hidden]), main summary, nav a, nav button')]
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; })
  .map(el => { const r = el.getBoundingClientRect();
               // a checkbox or radio is tapped together with its label
               const label = (el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels[0];
               const l = label ? label.getBoundingClientRect() : r;
               return {what: el.outerHTML.slice(0, 80), w: Math.max(r.width, l.width), h: Math.max(r.height, l.height)}; })
  .filter(t => t.w < 43.5 || t.h < 43.5)"""


def test_elder_mode_is_one_tap_away_remembered_and_measured(phone, demo_data):
    phone.set_viewport_size({"width": 360, "height": 740})
    login(phone, "demo-resident", PASSWORD)
    phone.goto("/appeals/mine/")
    phone.click("#elder-toggle button")
    phone.wait_for_load_state()
    assert phone.url.endswith("/appeals/mine/")  # back on the page the switch was tapped on
    assert phone.evaluate("document.documentElement.classList.contains('elder')")
    assert phone.get_attribute("#elder-toggle button", "aria-pressed") == "true"
    problems = []
    for path in ELDER_PAGES:
        phone.goto(path)  # remembered from page to page
        phone.wait_for_load_state("networkidle")
        size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
        if size < 18:
            problems.append(f"{path}: body text {size} px")
        problems += [f"{path}: tap target {t['w']:.0f}×{t['h']:.0f} {t['what']}" for t in phone.evaluate(TAP_TARGETS)]
        problems += [f"{path}: {line}" for line in axe_findings(phone)]
        _shot(phone, f"elder-{path.strip('/').replace('/', '-') or 'home'}")
        phone.evaluate("document.documentElement.style.fontSize = '200%'")  # the phone's text doubled
        wide = phone.evaluate("document.documentElement.scrollWidth")
        if wide > 360:
            problems.append(f"{path}: scrolls sideways at 200% text ({wide} px)")
    assert problems == [], "\n".join(problems)
    phone.click("#elder-toggle button")
    phone.wait_for_load_state()
    assert not phone.evaluate("document.documentElement.classList.contains('elder')")


def test_reading_aloud_speaks_the_main_text(phone, demo_data):
    phone.context.add_init_script("""
      window.__spoken = [];
      window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);""")
    login(phone, "demo-resident", PASSWORD)
    phone.click("#elder-toggle button")
    phone.goto("/services/items/mz-gaoling/")
    phone.click("[data-read-aloud]")
    spoken = phone.evaluate("window.__spoken")
    assert len(spoken) == 1 and "高龄补贴" in spoken[0] and "朗读本页" not in spoken[0]
