"""Code health: every public function of the package is typed and documented in a line.

Public means a module-level function, or a method of a module-level class, whose
name does not start with ``_`` (click command functions included). Each needs a
docstring whose first line is a sentence of its own (not the name repeated), a
return annotation, and an annotation on every parameter but ``self`` and ``cls``.
A property's setter is documented by its getter.
The package is read as text with ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "malicli"

Function = ast.FunctionDef | ast.AsyncFunctionDef


def public_functions(tree: ast.Module) -> Iterator[tuple[str, Function]]:
    """Yield (qualified name, node) for each public module-level function and method."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not node.name.startswith("_"):
                yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not item.name.startswith("_"):
                    yield f"{node.name}.{item.name}", item


def words(text: str) -> list[str]:
    """Lower-case words of a name or sentence, split at underscores and spaces."""
    return re.findall(r"[a-z0-9]+", text.lower())


def is_setter(node: Function) -> bool:
    """Whether the function is a property's setter or deleter (``@name.setter``)."""
    return any(isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter") for d in node.decorator_list)


def faults(node: Function) -> list[str]:
    """What a function lacks: a docstring, a real first line, a return or parameter annotation."""
    found = []
    doc = ast.get_docstring(node)
    first = doc.strip().splitlines()[0] if doc and doc.strip() else ""
    if is_setter(node):
        pass
    elif not first:
        found.append("no docstring")
    elif len(words(first)) < 3 or words(first) == words(node.name):
        found.append(f"docstring only names it: {first!r}")
    if node.returns is None:
        found.append("no return annotation")
    args = node.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    bare = [a.arg for a in params if a.annotation is None and a.arg not in ("self", "cls")]
    if bare:
        found.append("unannotated parameters: " + ", ".join(bare))
    return found


def offenders() -> list[str]:
    """One line per public function of the package that lacks a docstring or an annotation."""
    lines = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, node in public_functions(tree):
            for fault in faults(node):
                lines.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}: {fault}")
    return lines


def test_checker_sees_a_bare_function():
    tree = ast.parse("def shown(x):\n    pass\n\nclass A:\n    def go(self):\n        'Go.'\n")
    found = {name: faults(node) for name, node in public_functions(tree)}
    assert found["shown"] == ["no docstring", "no return annotation", "unannotated parameters: x"]
    assert found["A.go"] == ["docstring only names it: 'Go.'", "no return annotation"]


def test_checker_wants_no_docstring_on_a_setter_but_its_types():
    source = "class A:\n    @size.setter\n    def size(self, value):\n        pass\n"
    found = [faults(node) for _, node in public_functions(ast.parse(source))]
    assert found == [["no return annotation", "unannotated parameters: value"]]


def test_checker_passes_a_documented_function():
    source = (
        'def shown(x: int, *rest: str) -> None:\n    """Print the value x."""\n\ndef _hidden(y):\n    pass\n'
    )
    found = {name: faults(node) for name, node in public_functions(ast.parse(source))}
    assert found == {"shown": []}


def test_public_functions_are_typed_and_documented():
    found = offenders()
    assert not found, f"{len(found)} public functions lack a docstring or annotations:\n" + "\n".join(found)
