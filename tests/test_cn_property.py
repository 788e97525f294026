"""Property: whatever bytes arrive, the importer imports valid workflows or refuses with a message —
never another exception, never partial rows."""

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.common.errors import Invalid
from model.jobs.startup import open_database
from model.storage.db import close_database
from model.storage.schema import Content, Form, Node, Workflow
from model.workflows.exchange import import_workflows
from tests.conftest import FROZEN_NOW
from tests.test_cn_bad_input import VALID

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-5, 500) | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4),
                           max_leaves=12)


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every location inside a JSON document."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    document = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        location = draw(st.sampled_from(paths(document)[1:]))
        parent = document
        for part in location[:-1]:
            parent = parent[part]
        if draw(st.booleans()) and isinstance(parent, dict):
            parent.pop(location[-1], None)
        else:
            parent[location[-1]] = draw(JSON_VALUES)
    return json.dumps(document).encode()


@pytest.fixture(scope='module')
def module_actor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Actor]:
    open_database(f'sqlite:///{tmp_path_factory.mktemp("property")}/property.db')
    clock.freeze(FROZEN_NOW)
    yield create_account_with_admin('Property', 'p@example.com', 'P')
    clock.reset()
    close_database()


def rows() -> list[int]:
    return [model.select().count() for model in (Workflow, Node, Content, Form)]


def import_or_refuse(actor: Actor, data: bytes) -> None:
    before = rows()
    try:
        created = import_workflows(actor, data).workflows
    except Invalid as refusal:
        assert refusal.message
        assert rows() == before
        return
    assert created and all(Workflow.get_by_id(w.id).state == 'draft' for w in created)
    assert rows()[0] == before[0] + len(created)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated_files())
def test_mutated_files_import_or_are_refused_cleanly(module_actor: Actor, data: bytes) -> None:
    import_or_refuse(module_actor, data)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_random_bytes_and_json_are_refused_cleanly(module_actor: Actor, data: bytes) -> None:
    import_or_refuse(module_actor, data)
