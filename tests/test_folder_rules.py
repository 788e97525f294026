"""Folder rules (docs/product.md §5): tree and counts, names, moves, cycles, delete re-parents."""

import pytest

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.errors import Invalid, NotFound
from model.storage.schema import Folder, Workflow
from model.workflows.folders import (
    create_folder,
    delete_folder,
    flatten,
    folder_tree,
    move_folder,
    move_workflows,
    rename_folder,
)
from model.workflows.lifecycle import create_blank


def chain(actor: Actor, *names: str) -> list[Folder]:
    """Folders nested one in the other: chain('A', 'B') gives A and A/B."""
    folders: list[Folder] = []
    for name in names:
        folders.append(create_folder(actor, name, folders[-1].id if folders else None))
    return folders


def test_six_levels_with_counts_that_include_subfolders(actor: Actor) -> None:
    levels = chain(actor, 'L1', 'L2', 'L3', 'L4', 'L5', 'L6')
    for level in levels:
        create_blank(actor, f'In {level.name}', level.id)
    create_blank(actor, 'Loose')
    nodes = flatten(folder_tree(actor))
    assert [(n.name, n.depth, n.own_count, n.total_count) for n in nodes] == [
        ('L1', 0, 1, 6), ('L2', 1, 1, 5), ('L3', 2, 1, 4), ('L4', 3, 1, 3), ('L5', 4, 1, 2), ('L6', 5, 1, 1)]


def test_names_are_trimmed_1_to_60_and_unique_among_siblings_ignoring_case(actor: Actor) -> None:
    (parent,) = chain(actor, 'Campaigns')
    assert create_folder(actor, '  Spring  ', parent.id).name == 'Spring'
    with pytest.raises(Invalid, match='already a folder called "SPRING"'):
        create_folder(actor, 'SPRING', parent.id)
    assert create_folder(actor, 'Spring').name == 'Spring'  # another level: allowed
    with pytest.raises(Invalid, match='needs a name'):
        create_folder(actor, '   ')
    with pytest.raises(Invalid, match='at most 60'):
        create_folder(actor, 'x' * 61)
    assert create_folder(actor, 'y' * 60).name == 'y' * 60
    autumn = create_folder(actor, 'Autumn', parent.id)
    with pytest.raises(Invalid, match='already a folder called "spring"'):
        rename_folder(actor, autumn.id, 'spring')
    assert rename_folder(actor, autumn.id, 'autumn').name == 'autumn'  # its own name in other case


def test_moving_workflows_counts_only_those_that_moved(actor: Actor) -> None:
    target, other = chain(actor, 'Target')[0], chain(actor, 'Other')[0]
    already = create_blank(actor, 'Already', target.id)
    loose, elsewhere = create_blank(actor, 'Loose'), create_blank(actor, 'Elsewhere', other.id)
    moved = move_workflows(actor, [already.id, loose.id, elsewhere.id], target.id)
    assert (sorted(moved.done), moved.skipped) == (['Elsewhere', 'Loose'], [('Already', 'already in "Target"')])
    assert {w.folder_id for w in Workflow.select()} == {target.id}
    assert move_workflows(actor, [loose.id], None).done == ['Loose']
    assert Workflow.get_by_id(loose.id).folder_id is None
    assert Workflow.get_by_id(loose.id).version == loose.version + 2


def test_a_folder_cannot_go_into_itself_or_a_descendant(actor: Actor) -> None:
    top, middle, bottom = chain(actor, 'Top', 'Middle', 'Bottom')
    with pytest.raises(Invalid, match='"Top" cannot be moved into itself'):
        move_folder(actor, top.id, top.id)
    with pytest.raises(Invalid, match='"Top" cannot be moved into its own subfolder "Bottom"'):
        move_folder(actor, top.id, bottom.id)
    other = create_folder(actor, 'Other')
    move_folder(actor, middle.id, other.id)
    assert Folder.get_by_id(middle.id).parent_id == other.id
    assert Folder.get_by_id(bottom.id).parent_id == middle.id
    move_folder(actor, middle.id, None)
    assert Folder.get_by_id(middle.id).parent_id is None


def test_a_move_that_would_clash_with_a_sibling_name_is_refused(actor: Actor) -> None:
    first, second = create_folder(actor, 'A'), create_folder(actor, 'B')
    create_folder(actor, 'Same', first.id)
    same = create_folder(actor, 'same', second.id)
    with pytest.raises(Invalid, match='already a folder called "same"'):
        move_folder(actor, same.id, first.id)


def test_deleting_a_folder_moves_its_workflows_and_subfolders_to_the_parent(actor: Actor) -> None:
    top, middle, bottom = chain(actor, 'Top', 'Middle', 'Bottom')
    inside = create_blank(actor, 'Inside', middle.id)
    deeper = create_blank(actor, 'Deeper', bottom.id)
    assert delete_folder(actor, middle.id) == ('Middle', 1, 1)
    assert Workflow.get_by_id(inside.id).folder_id == top.id
    assert Workflow.get_by_id(deeper.id).folder_id == bottom.id
    assert Folder.get_by_id(bottom.id).parent_id == top.id
    assert delete_folder(actor, top.id) == ('Top', 1, 1)
    assert Workflow.get_by_id(inside.id).folder_id is None
    assert Workflow.select().count() == 2


def test_delete_refuses_when_a_subfolder_would_meet_a_namesake(actor: Actor) -> None:
    top, middle = chain(actor, 'Top', 'Middle')
    create_folder(actor, 'Twin', top.id)
    create_folder(actor, 'twin', middle.id)
    with pytest.raises(Invalid, match='rename one of them first'):
        delete_folder(actor, middle.id)
    assert Folder.get_or_none(Folder.id == middle.id) is not None


def test_another_accounts_folder_is_not_found(actor: Actor) -> None:
    (mine,) = chain(actor, 'Mine')
    other = create_account_with_admin('Other', 'o@example.com', 'O')
    for attempt in (lambda: rename_folder(other, mine.id, 'X'), lambda: delete_folder(other, mine.id),
                    lambda: move_workflows(other, [], mine.id), lambda: create_folder(other, 'Sub', mine.id)):
        with pytest.raises(NotFound):
            attempt()
    workflow = create_blank(actor, 'Mine')
    (theirs,) = chain(other, 'Theirs')
    assert move_workflows(other, [workflow.id], theirs.id).done == []
    assert folder_tree(other)[0].total_count == 0
