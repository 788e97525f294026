"""Every class a page uses is styled by someone: Quasar, NiceGUI, the pages' own CSS, or the Tailwind utilities built
ahead of time (``ui/styles/dist/utilities.css``, scripts/build-styles.sh); the others are hooks that CSS or tests
find a part by, listed here. A Tailwind class used without rebuilding the utilities fails here, not on screen."""

import ast
import re
from pathlib import Path

import nicegui

UI = Path(__file__).resolve().parents[1] / 'ui'
NICEGUI_STATIC = Path(nicegui.__file__).parent / 'static'
HOOKS = {  # classes that name a part for our own CSS selectors, tests and benchmarks
    'create-new', 'folder-drawer', 'folder-toggle', 'page-content', 'priority-row', 'row-actions',
    'row-folder', 'row-head', 'row-main', 'row-name', 'row-text', 'template-preview', 'title-row', 'undo-bar',
    'workflow-row', 'header-wide', 'header-folded',
}


def used_classes() -> dict[str, str]:
    """Each class named in ui/ (``.classes(...)`` in Python, ``class="..."`` in the row component), with a file."""
    used: dict[str, str] = {}
    for path in UI.glob('*.py'):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'classes':
                for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                    for text in _texts(argument):
                        used.update(dict.fromkeys(text.split(), path.name))
    for path in UI.glob('*.js'):
        for text in re.findall(r'(?<![:\w-])class="([^"]*)"', path.read_text()):
            used.update(dict.fromkeys(text.split(), path.name))
    return used


def _texts(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr | ast.IfExp | ast.FormattedValue):
        return [text for child in ast.iter_child_nodes(node) for text in _texts(child)]  # type: ignore[arg-type]
    return []


def styled_classes() -> set[str]:
    """Every class a style sheet of the page names: Quasar's, NiceGUI's, the utilities and our pages' CSS."""
    sheets = [path.read_text() for path in NICEGUI_STATIC.glob('*.css')]
    sheets += [(UI / 'styles' / 'dist' / 'utilities.css').read_text()]
    sheets += [path.read_text() for path in UI.glob('*.py')]  # the pages' own CSS lives in Python strings
    return {name.replace('\\', '') for sheet in sheets for name in re.findall(r'\.((?:[\w-]|\\.)+)', sheet)}


def test_every_class_in_ui_is_styled_or_a_named_hook() -> None:
    styled = styled_classes()
    unstyled = {name: where for name, where in used_classes().items()
                if name not in styled and name not in HOOKS and '{' not in name}
    assert not unstyled, f'no style sheet has these classes; run scripts/build-styles.sh: {unstyled}'
    assert HOOKS <= used_classes().keys(), f'hooks no page uses any more: {HOOKS - used_classes().keys()}'


def test_the_check_sees_a_tailwind_class_that_was_never_built() -> None:
    assert 'w-full' in styled_classes()
    assert 'w-[13.37rem]' not in styled_classes()
    assert {'w-full', 'workflow-row', 'nicegui-card-tight'} <= used_classes().keys()
