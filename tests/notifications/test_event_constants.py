"""Events are referenced by constant, and the notification modules import each other one way."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = [p for p in ROOT.glob("**/*.py")
            if not {".venv", "tests", "migrations", "benchmarks", "node_modules"} & set(p.parts)
            and p.name != "events.py"]


def test_every_registered_event_is_a_module_constant():
    for path in ROOT.glob("**/events.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bare = [node.lineno for node in tree.body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", "") == "register_event"]
        assert not bare, f"{path.relative_to(ROOT)}:{bare}: bind register_event(...) to a constant"


def test_no_code_passes_an_event_code_as_a_string():
    pattern = re.compile(r"""(?:event=|tell_(?:resident|holders)\(\w+, |_notify_applicant\(\w+, )["'][a-z_]+\.[a-z_]+["']""")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in APP_CODE
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not found, f"pass the constant from <app>/events.py instead: {found}"


def _imports(module: str) -> set[str]:
    path = ROOT / "taijiang" / "notifications" / f"{module}.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                names.add(node.module)
            elif node.level == 1:
                names.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("taijiang.notifications."):
                names.add(node.module.rsplit(".", 1)[1])
    return names


def test_tasks_and_delivery_do_not_import_services_so_there_is_no_cycle():
    assert "services" not in _imports("tasks") and "services" not in _imports("delivery")
    assert "tasks" not in _imports("delivery")
    assert {"tasks", "delivery"} <= _imports("services")
