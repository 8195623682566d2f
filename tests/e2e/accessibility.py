"""axe-core (vendored from npm, tests/e2e/vendor/axe.min.js) run in the page: WCAG 2.1 A/AA findings."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")


def axe_findings(page, *, impacts=BLOCKING) -> list[str]:
    """Each violation of the impacts given, as 'rule (impact): target…' lines; [] when clean.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations']})""")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in impacts:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}): {targets}")
    return lines
