"""Small helpers for parts updated in place: they send the browser only what changed."""

from collections.abc import Sequence

from nicegui import ui


def put_in_order(container: ui.element, children: Sequence[ui.element]) -> None:
    """Make ``children`` (already inside ``container``) its children in this order; moved, not drawn again."""
    if container.default_slot.children != list(children):
        container.default_slot.children[:] = children
        container.update()


def show_pages(pagination: ui.pagination, page: int, pages: int) -> None:
    """Hidden when everything fits on one page; otherwise as many pages as there are, at ``page``."""
    pagination.set_visibility(pages > 1)
    if pagination.props.get('max') != pages:
        pagination.props['max'] = pages
    pagination.set_value(page)
