"""Every project template and script is checked for what the Content-Security-Policy would block or
what would let stored data become script: `|safe` on data, inline script bodies, inline event
handlers, htmx attributes that evaluate JavaScript, and `javascript:` URLs.

A finding fails with file:line so the fix is one click away. Data reaches scripts through
`{{ value|json_script:"id" }}` or data-* attributes, behaviour lives in static files
(static/js/portal.js for the shared bits: data-autosubmit, data-print, data-clear-cache, data-poll-pause)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR).resolve()

# `|safe` is allowed only on these (template, expression) pairs: constants the code writes itself,
# never anything a user, an import or an administrator typed. Keep it empty if at all possible.
VETTED_SAFE: set[tuple[str, str]] = set()

TEMPLATE_RULES = [
    ("|safe on data (use json_script or let autoescape work)", re.compile(r"\|\s*safe(seq)?\b")),
    ("autoescape switched off", re.compile(r"\{%\s*autoescape\s+off\s*%\}")),
    ("inline event handler attribute (use a listener in a static file)",
     re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)),
    ("hx-vals/hx-vars evaluating JavaScript (needs eval)",
     re.compile(r"""hx-va(ls|rs)\s*=\s*["']\s*(js|javascript):""", re.IGNORECASE)),
    ("hx-on attribute (needs eval)", re.compile(r"\bhx-on(\b|[:\-])", re.IGNORECASE)),
    ("hx-trigger filter [...] (needs eval; use data-poll-pause or a listener)",
     re.compile(r"""hx-trigger\s*=\s*("[^"]*\[|'[^']*\[)""", re.IGNORECASE)),
    ("javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
]
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
DJANGO_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)

JS_RULES = [
    ("eval or Function constructor (blocked without 'unsafe-eval')", re.compile(r"\beval\s*\(|\bnew\s+Function\s*\(")),
    ("string handed to setTimeout/setInterval (eval)", re.compile(r"\bset(Timeout|Interval)\s*\(\s*[\"']")),
    ("htmx js: values (need eval)", re.compile(r"""["'](js|javascript):""")),
    ("inline handler attribute set from script", re.compile(r"""setAttribute\(\s*["']on[a-z]+["']""")),
]


def _project_template_files():
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for directory in dirs:
        directory = directory.resolve()
        if directory.is_dir() and BASE_DIR in directory.parents and ".venv" not in directory.parts:
            yield from sorted(p for p in directory.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".svg"})


def _project_script_files():
    for app in apps.get_app_configs():
        static = Path(app.path).resolve() / "static"
        if static.is_dir() and BASE_DIR in static.parents and ".venv" not in static.parts:
            yield from sorted(static.rglob("*.js"))
    yield from sorted((BASE_DIR / "static" / "js").rglob("*.js"))


def _blank_comments(text):
    """Comments cannot render, so they may mention what they like; keep the line numbers."""
    return DJANGO_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _line(text, offset):
    return text.count("\n", 0, offset) + 1


def scan_template(path: Path, text: str) -> list[str]:
    name = path.relative_to(BASE_DIR).as_posix()
    text = _blank_comments(text)
    findings = []
    for label, pattern in TEMPLATE_RULES:
        for match in pattern.finditer(text):
            line_no = _line(text, match.start())
            line = text.splitlines()[line_no - 1]
            if label.startswith("|safe") and any((name, expr) in VETTED_SAFE for expr in re.findall(r"\{\{(.*?)\}\}", line)):
                continue
            findings.append(f"{name}:{line_no}: {label}: {line.strip()[:120]}")
    for match in SCRIPT_ELEMENT.finditer(text):
        if match.group(2).strip():
            findings.append(f"{name}:{_line(text, match.start())}: inline <script> body (move it to a static file, "
                            f"pass data with json_script or data-*): {match.group(0).strip()[:120]}")
    return findings


def scan_script(path: Path, text: str) -> list[str]:
    name = path.relative_to(BASE_DIR).as_posix()
    return [f"{name}:{_line(text, m.start())}: {label}"
            for label, pattern in JS_RULES for m in pattern.finditer(text)]


def test_scanner_sees_the_project_templates_and_scripts():
    names = {p.relative_to(BASE_DIR).as_posix() for p in _project_template_files()}
    assert {"templates/base.html", "grid/templates/grid/visit_form.html",
            "appeals/templates/appeals/submit.html"} <= names
    scripts = {p.relative_to(BASE_DIR).as_posix() for p in _project_script_files()}
    assert {"static/js/portal.js", "grid/static/grid/visit.js", "grid/static/grid/coverage.js"} <= scripts
    assert not any("vendor" in s for s in scripts)  # third-party minified code is judged by the browser test


def test_no_template_has_safe_data_inline_scripts_handlers_or_eval():
    findings = [f for path in _project_template_files() for f in scan_template(path, path.read_text(encoding="utf-8"))]
    assert findings == [], "\n".join(findings)


def test_no_project_script_needs_eval_or_inline_handlers():
    findings = [f for path in _project_script_files() for f in scan_script(path, path.read_text(encoding="utf-8"))]
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize(("snippet", "label"), [
    ('<script type="application/json" id="x">{{ rows|safe }}</script>', "|safe on data"),
    ("{{ name | safe }}", "|safe on data"),
    ("{% autoescape off %}{{ name }}{% endautoescape %}", "autoescape switched off"),
    ("<script>\n  var a = 1;\n</script>", "inline <script> body"),
    ('<button class="btn"\n        onclick="window.print()">', "inline event handler"),
    ("<form onsubmit='go()'>", "inline event handler"),
    ("<input hx-vals='js:{q: 1}'>", "hx-vals/hx-vars evaluating JavaScript"),
    ('<button hx-on:click="alert(1)">', "hx-on attribute"),
    ('<div hx-get="/x/" hx-trigger="every 5s [!document.querySelector(\'details[open]\')]">', "hx-trigger filter"),
    ('<a href="JavaScript:alert(1)">', "javascript: URL"),
])
def test_scanner_reports_each_kind_with_file_and_line(snippet, label):
    path = BASE_DIR / "templates" / "example.html"
    findings = scan_template(path, "{% load i18n %}\n" + snippet)
    assert len(findings) >= 1 and findings[0].startswith("templates/example.html:2: " + label), findings


@pytest.mark.parametrize("snippet", [
    '<script src="/static/js/portal.js"></script>',
    '{{ rows|json_script:"households-data" }}',
    '<select name="language" data-autosubmit>',
    "<p>{% trans \"online\" %} one=two</p>",
    "{# onclick=\"x()\" and |safe in a comment never render #}",
    "<div hx-vals='{\"window\": \"{{ window.pk }}\"}'>",
])
def test_scanner_leaves_the_safe_forms_alone(snippet):
    assert scan_template(BASE_DIR / "templates" / "example.html", snippet) == []


@pytest.mark.parametrize(("snippet", "label"), [
    ('el.setAttribute("hx-vals", "js:{text: 1}");', "htmx js: values"),
    ("var f = new Function('return 1');", "eval or Function constructor"),
    ('setTimeout("go()", 10);', "string handed to setTimeout"),
    ('button.setAttribute("onclick", "go()");', "inline handler attribute set from script"),
])
def test_script_scanner_reports_eval_and_handlers(snippet, label):
    findings = scan_script(BASE_DIR / "static" / "js" / "example.js", "// x\n" + snippet)
    assert findings and findings[0].startswith("static/js/example.js:2: " + label), findings
