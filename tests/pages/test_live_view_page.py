"""Live view in the simulated browser."""

import asyncio

from nicegui.testing import User

from model.traffic.simulator import Simulator
from model.workflows.lifecycle import create_blank
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import click_in_row, text_of, workflow


async def test_live_view_of_an_active_workflow_shows_totals_nodes_and_a_chart(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    await user.open('/?size=100')
    await click_in_row(user, cart.id, 'Live view')
    await user.should_see('Live view: Abandoned cart – 2 hours')
    await user.should_see('updates every few seconds')
    await user.should_see(marker='chart')
    await user.should_see(marker='counts-email')
    assert int(text_of(user, 'total-entered').replace(',', '')) > 0


async def test_an_active_workflow_updates_without_reload(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    await user.open(f'/workflows/{cart.id}/live?range=7')
    await user.should_see(marker='total-entered')
    before = text_of(user, 'total-entered')
    drawn = {marker: user.find(marker=marker).elements for marker in ('total-entered', 'chart', 'live-graph')}
    chart_before = dict(next(iter(drawn['chart'])).options)  # type: ignore[attr-defined]
    simulator = Simulator(seed=1, events_per_tick=400)
    for _ in range(3):
        simulator.tick()
    for _ in range(50):  # the page redraws every few seconds
        if text_of(user, 'total-entered') != before:
            break
        await asyncio.sleep(0.1)
    assert int(text_of(user, 'total-entered').replace(',', '')) > int(before.replace(',', ''))
    assert {marker: user.find(marker=marker).elements for marker in drawn} == drawn  # updated in place
    assert next(iter(drawn['chart'])).options != chart_before  # type: ignore[attr-defined]


async def test_a_finalized_workflow_shows_final_figures_and_a_draft_says_it_has_none(user: User) -> None:
    finalized = workflow('Weekly newsletter #47')
    await user.open(f'/workflows/{finalized.id}/live')
    await user.should_see('Final figures')
    draft = create_blank(admin(), 'Nothing yet')
    await user.open(f'/workflows/{draft.id}/live')
    await user.should_see('No figures yet')
