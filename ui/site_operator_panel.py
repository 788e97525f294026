"""Site operators on the People and accounts page: who of this account operates the site, and `Make site operator`
for the others. Shown to site operators only (model/access/site_operators.py refuses others too)."""

from nicegui import ui

from model.access.gate import Actor
from model.access.people import Member
from model.access.site_operators import grant_site_operator, site_operators
from ui.calls import call
from ui.session import current_actor


def site_operator_section(actor: Actor, people: list[Member]) -> None:
    operators = site_operators(actor)
    ui.label('Site operators').classes('text-h5 q-mt-md')
    ui.label('Site operators create accounts and switch the traffic simulator; the first admin of the '
             'installation is one.').classes('text-grey-8')

    @ui.refreshable
    def rows() -> None:
        with ui.column().classes('w-full max-w-3xl gap-1').mark('site-operators'):
            for member in people:
                with ui.row().classes('w-full items-center no-wrap gap-3'):
                    ui.label(member.email).classes('grow ellipsis')
                    if member.person_id in operators:
                        ui.label('Site operator').classes('text-positive').mark(f'operator-{member.email}')
                    else:
                        ui.button('Make site operator', on_click=lambda m=member: grant(m)) \
                            .props('outline dense no-caps').mark(f'grant-operator-{member.email}')

    async def grant(member: Member) -> None:
        if (await call(grant_site_operator, current_actor(), member.person_id,
                       done=f'{member.email} is now a site operator')).ok:
            operators.add(member.person_id)
            rows.refresh()

    rows()
