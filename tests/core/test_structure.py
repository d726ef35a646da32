"""The project package (community_portal/) builds on nothing from the domain apps."""

import ast
from pathlib import Path

from django.conf import settings

DOMAIN_APPS = ("members", "programs", "stations", "submissions")


def _domain_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path}:{node.lineno} {name}" for name in names if name.split(".")[0] in DOMAIN_APPS
        ]
    return found


def test_community_portal_imports_nothing_from_the_domain_apps():
    package = Path(settings.BASE_DIR) / "community_portal"
    found = [hit for path in sorted(package.rglob("*.py")) for hit in _domain_imports(path)]

    assert found == []


def test_the_scan_sees_a_domain_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from members.services import member_set_language\nimport stations\n")

    assert len(_domain_imports(module)) == 2
