"""The house rules of ``model/`` (docs/architecture.md): packages in layers, each importing only those below
it; no import circle between modules, late imports included; no UI code; every package says what it owns."""

import ast
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / 'model'
LAYERS = {'common': 0, 'storage': 1, 'access': 2, 'workflows': 3, 'account_data': 4, 'traffic': 4, 'jobs': 5}
UI_PACKAGES = ('ui', 'nicegui', 'fastapi', 'starlette')


def module_name(path: Path) -> str:
    parts = path.relative_to(MODEL.parent).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function: ``from model.a import b`` names
    ``model.a.b`` when that is a module, else ``model.a``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                submodule = f'{node.module}.{alias.name}'
                found.add(submodule if submodule in MODULES else node.module)
    return found


MODULES = {module_name(path): path for path in MODEL.rglob('*.py')}
IMPORTS = {name: {other for other in imported_modules(path) if other in MODULES} for name, path in MODULES.items()}


def package_of(module: str) -> str | None:
    parts = module.split('.')
    return parts[1] if len(parts) > 1 else None


def test_every_module_lives_in_a_layer_package() -> None:
    loose = [name for name in MODULES if name != 'model' and package_of(name) not in LAYERS]
    assert loose == []


@pytest.mark.parametrize('package', sorted(LAYERS))
def test_each_package_says_what_it_owns_and_may_import(package: str) -> None:
    docstring = ast.get_docstring(ast.parse((MODEL / package / '__init__.py').read_text())) or ''
    assert 'import' in docstring, f'model/{package}/__init__.py must say what it may import'


def upward_imports() -> list[str]:
    wrong = []
    for module, imported in IMPORTS.items():
        package = package_of(module)
        for other in imported:
            target = package_of(other)
            if package and target and target != package and LAYERS[target] >= LAYERS[package]:
                wrong.append(f'{module} imports {other}')
    return sorted(wrong)


def test_no_package_imports_one_above_or_beside_it() -> None:
    assert upward_imports() == []


def test_the_rule_itself_catches_an_upward_import() -> None:
    IMPORTS['model.storage.db'].add('model.jobs.startup')
    try:
        assert upward_imports() == ['model.storage.db imports model.jobs.startup']
    finally:
        IMPORTS['model.storage.db'].discard('model.jobs.startup')


def test_nothing_in_model_imports_ui_code() -> None:
    offenders = sorted(f'{name} imports {other}' for name, path in MODULES.items()
                       for other in imported_modules(path) if other.split('.')[0] in UI_PACKAGES)
    assert offenders == []


def circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in IMPORTS[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(IMPORTS):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_between_modules() -> None:
    assert circles() == []


def test_the_circle_finder_finds_one() -> None:
    IMPORTS['model.storage.db'].add('model.storage.schema')  # schema imports db: a circle of two
    try:
        assert circles() == [['model.storage.db', 'model.storage.schema']]
    finally:
        IMPORTS['model.storage.db'].discard('model.storage.schema')
