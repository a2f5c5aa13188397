"""Where code may reach: reads never import the writer, content never imports learners."""

import ast
import pathlib

import pytest
from django.db import transaction

from learners import actions
from tests.factories import RequirementFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
READERS = [
    "learners/dashboard.py",
    "learners/plan.py",
    "learners/history.py",
    "learners/records.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "learners/templatetags").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "learners/readiness").glob("*.py")),
]


def imported_modules(path: pathlib.Path) -> set[str]:
    """Every module a file imports (`from a import b` counts as `a` and `a.b`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", READERS)
def test_page_builders_and_template_tags_never_import_the_writer(module):
    assert "learners.actions" not in imported_modules(ROOT / module)


def test_roles_never_imports_learners():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "learners"
        )
        for path in (ROOT / "roles").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_a_write_is_the_outermost_transaction(learner):
    skill = RequirementFactory().skill
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        actions.set_level(user=learner, skill_id=skill.pk, level=3)
