"""Browser journeys in Debian's chromium, driven by Playwright (never a downloaded browser)."""

def login(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
