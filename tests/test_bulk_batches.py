"""Bulk actions in batches give the same result as one call, and stopping leaves only whole workflows."""

from model.access.gate import Actor
from model.storage.schema import Connection, Content, Node, Workflow
from model.workflows.bulk import BulkResult, BulkRun, run_in_batches
from model.workflows.lifecycle import delete_many, duplicate_batch, duplicate_many
from tests.test_workflow_services import startable


def make(actor: Actor, count: int) -> list[int]:
    return [startable(actor, f'Workflow {index:03}').id for index in range(count)]


def shape(workflow_ids: list[int]) -> list[tuple[str, int, int, int]]:
    return sorted((Workflow.get_by_id(i).name, Node.select().where(Node.workflow == i).count(),
                   Connection.select().where(Connection.workflow == i).count(),
                   Content.select().where(Content.workflow == i).count()) for i in workflow_ids)


def test_duplicating_in_batches_equals_duplicating_at_once(actor: Actor) -> None:
    ids = make(actor, 23)
    at_once = [c.id for c in duplicate_many(actor, ids)]
    progress = run_in_batches(BulkRun(total=len(ids)), ids,
                              lambda batch: BulkResult([str(c.id) for c in duplicate_many(actor, batch)]), batch_size=5)
    batched = [int(i) for i in progress.names]
    assert (progress.done, progress.stopped_early) == (23, False)
    assert shape(batched) == shape(at_once)
    assert [Workflow.get_by_id(i).duplicate_number for i in batched] == [2] * 23


def test_stopping_midway_leaves_only_whole_copies(actor: Actor) -> None:
    ids = make(actor, 12)
    progress = BulkRun(total=len(ids))

    def step(batch: list[int]) -> BulkResult:
        copies = duplicate_batch(actor, batch)
        if progress.done >= 4:
            progress.stop.set()  # the person clicks Stop during the second batch
        return copies

    run_in_batches(progress, ids, step, batch_size=4)
    assert (progress.done, progress.stopped_early) == (8, True)
    copies = [w.id for w in Workflow.select().where(Workflow.origin == 'duplicate')]
    assert len(copies) == 8
    assert {(nodes, connections, contents) for _, nodes, connections, contents in shape(copies)} == {(2, 1, 1)}


def test_deleting_in_batches_reports_every_name(actor: Actor) -> None:
    ids = make(actor, 11)
    progress = run_in_batches(BulkRun(total=11), ids, lambda batch: delete_many(actor, batch), batch_size=3)
    assert sorted(progress.names) == [f'Workflow {i:03}' for i in range(11)]
    assert Workflow.select().where(Workflow.deleted_at.is_null()).count() == 0
    assert progress.undo is not None and len(progress.undo.items) == 11  # one undo for the whole run
