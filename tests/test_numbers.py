"""Every number of the model lives in ``parameters/``: the model's code holds no bare figures.

Allowed in ``agents/`` and ``simulation/``: small integers (counts of options, indices), 100
(per 100 km), 0.5 and 1 as halves and wholes, float tolerances, and module-level UPPER_CASE
constants (solver settings, the years of published series), each named and commented.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {0.5, 100, 1e4, 1e-9, 1e-12}


def _module_constant_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])  # fmt: skip
        names = [t for t in targets if isinstance(t, ast.Name | ast.Tuple)]
        flat = [e for t in names for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
        if flat and all(isinstance(e, ast.Name) and e.id.isupper() for e in flat):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def test_model_code_holds_no_bare_numbers():
    found = []
    for path in sorted([*ROOT.glob("agents/*.py"), *ROOT.glob("simulation/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = _module_constant_lines(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
                continue
            value = node.value
            if not isinstance(value, int | float) or node.lineno in named:
                continue
            if (isinstance(value, int) and abs(value) <= 10) or value in (0.0, 1.0, *ALLOWED):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {value!r}")
    assert not found, "numbers belong in parameters/ (registry or tables):\n" + "\n".join(found)
