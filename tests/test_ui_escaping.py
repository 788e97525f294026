"""Escaping by construction (docs/security.md): a ``props()`` string is parsed by NiceGUI, and a ``:``-prefixed
attribute in it runs as JavaScript, so ``props()`` only ever takes constant strings. Text that varies goes into the
element's ``props[...]`` dictionary (a value, never parsed) or its text."""

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / 'ui'


def props_with_variables(source: str) -> list[int]:
    """The lines where ``something.props(...)`` gets anything but constant strings (an f-string, a name, a sum...)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'props':
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if any(not (isinstance(argument, ast.Constant) and isinstance(argument.value, str | None))
                   for argument in arguments):
                found.append(node.lineno)
    return found


def test_no_props_string_in_ui_is_built_from_variables() -> None:
    offenders = [f'{path.relative_to(UI.parent)}:{line}'
                 for path in sorted(UI.rglob('*.py')) for line in props_with_variables(path.read_text())]
    assert offenders == [], 'use element.props[key] = value for text that varies'


def test_the_scan_catches_fstrings_names_and_sums_but_not_constants() -> None:
    source = '\n'.join([
        "button.props(f'flat aria-label=\"Move {name} up\"')",  # 1: a stored script injection (docs/security.md)
        "button.props('flat ' + name)",
        'button.props(extra)',
        "button.props(remove=f'{name}')",
        "button.props('flat round')",  # 5: constant: fine
        "button.props['aria-label'] = f'Move {name} up'",  # a value in the dictionary: fine
        "button.props(remove='flat')",
    ])
    assert props_with_variables(source) == [1, 2, 3, 4]
