"""The demo account seeded into a new, empty database (``DEMO_DATA=1``): folders three levels deep, segments,
custom fields, 42 workflows in every state and type, contacts and 90 days of statistics.

The same data every time for the same clock (no randomness but seeded generators, rows in a fixed order),
so `Reset demo` and trainee accounts (``model/jobs/training.py``) give exactly the seeded state.
"""

from datetime import datetime, timedelta

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.storage.db import db
from model.storage.schema import DEMO_KIND, Account, Content, CustomField, Folder, Form, Membership, Segment, Workflow
from model.traffic.demo_traffic import seed_contacts, seed_history
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import new_workflow, pause_expiry
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from model.workflows.versions import record_version

DEMO_ADMIN_EMAIL = 'demo@example.com'
DEMO_ACCOUNT_NAME = 'Demo Shop'
SEGMENTS = (
    ('VIP customers', 'contact', {'rule': 'total_spent > 1000'}),
    ('Newsletter subscribers', 'contact', {'rule': 'subscribed = true'}),
    ('Recent buyers', 'contact', {'rule': 'last_purchase < 30 days'}),
    ('Inactive 90 days', 'contact', {'rule': 'last_visit > 90 days'}),
    ('Sneakers', 'product', {'rule': 'category = sneakers'}),
)
CUSTOM_FIELDS: tuple[tuple[str, str, list[str]], ...] = (
    ('Loyalty tier', 'select', ['bronze', 'silver', 'gold']),
    ('Birthday', 'date', []),
    ('Preferred store', 'text', []),
    ('Points', 'number', []),
    ('Accepts SMS', 'boolean', []),
)
FOLDERS = {'Cart recovery': None, 'Newsletters': None, 'Weekly': 'Newsletters', 'Archive': 'Weekly',
           'Onboarding': None, 'Seasonal': None, 'Black Friday': 'Seasonal', 'Black Friday 2026': 'Black Friday',
           'Loyalty programme': None}
FROM_TEMPLATES = frozenset({'cart', 'cart_sms', 'welcome', 'post_purchase', 'browse', 'birthday', 'reengage'})

# name, blueprint, state, folder, days since last update, description
WORKFLOWS = (
    ('Abandoned cart – 2 hours', 'cart', ACTIVE, 'Cart recovery', 1, 'Reminds shoppers of their cart'),
    ('Abandoned cart – next day SMS', 'cart_sms', ACTIVE, 'Cart recovery', 3, 'SMS nudge the day after'),
    ('Abandoned cart – sneakers', 'cart', PAUSED, 'Cart recovery', 20, 'Only sneaker carts'),
    ('Abandoned cart 2025', 'cart', FINALIZED, 'Cart recovery', 200, 'Last year\'s version'),
    ('Cart recovery with discount', 'cart', DRAFT, 'Cart recovery', 2, 'Adds a 10% code'),
    ('Welcome series', 'welcome', ACTIVE, 'Onboarding', 5, 'Three emails for new subscribers'),
    ('Welcome – SMS opt-in', 'welcome', PAUSED, 'Onboarding', 88, 'Asks new subscribers for their mobile'),
    ('Onboarding tips', 'welcome', DRAFT, 'Onboarding', 4, ''),
    ('Onboarding – app download', 'broken_no_content', DRAFT, 'Onboarding', 6, 'Email still to write'),
    ('Weekly newsletter #45', 'newsletter', FINALIZED, 'Archive', 16, 'Sent on Monday'),
    ('Weekly newsletter #46', 'newsletter', FINALIZED, 'Weekly', 9, 'Sent on Monday'),
    ('Weekly newsletter #47', 'newsletter', FINALIZED, 'Weekly', 2, 'Sent on Monday'),
    ('Weekly newsletter #48', 'newsletter', DRAFT, 'Weekly', 0, 'Next Monday'),
    ('Monthly digest', 'newsletter', ACTIVE, 'Newsletters', 12, 'First of the month'),
    ('Newsletter – VIP edition', 'vip', ACTIVE, 'Newsletters', 8, 'Different email for VIPs'),
    ('Black Friday teaser', 'split', ACTIVE, 'Black Friday', 1, 'A/B subject lines'),
    ('Black Friday – last chance', 'split', DRAFT, 'Black Friday', 1, ''),
    ('Black Friday 2025', 'split', FINALIZED, 'Black Friday', 365, ''),
    ('Black Friday 2026 – early access', 'vip', ACTIVE, 'Black Friday 2026', 0, 'VIPs get the deals a day early'),
    ('Black Friday 2026 – reminder SMS', 'cart_sms', DRAFT, 'Black Friday 2026', 0, 'For carts left on the day'),
    ('Loyalty app – first login', 'integration', ACTIVE, 'Loyalty programme', 4, 'Custom event from the loyalty app'),
    ('Loyalty app – points redeemed', 'integration', PAUSED, 'Loyalty programme', 35, 'Thanks for redeeming points'),
    ('Shop till receipt follow-up', 'integration', DRAFT, 'Loyalty programme', 2, 'Event sent by the shop tills'),
    ('Christmas gift guide', 'newsletter', DRAFT, 'Seasonal', 3, 'Draft of the December campaign'),
    ('Summer sale', 'newsletter', FINALIZED, 'Seasonal', 150, ''),
    ('Post-purchase review request', 'post_purchase', ACTIVE, None, 2, 'Asks for a review a week later'),
    ('Post-purchase cross-sell', 'post_purchase', PAUSED, None, 30, ''),
    ('VIP tagging rule', 'rule', ACTIVE, None, 40, 'Adds big spenders to VIP customers'),
    ('Recent buyers rule', 'rule', ACTIVE, None, 15, ''),
    ('Re-engagement – 90 days', 'reengage', ACTIVE, None, 7, 'Wins back inactive contacts'),
    ('Re-engagement – SMS', 'reengage', PAUSED, None, 60, ''),
    ('Re-engagement – old', 'reengage', FINALIZED, None, 120, ''),
    ('Birthday greetings', 'birthday', ACTIVE, None, 25, 'Birthday email with a gift'),
    ('Birthday – draft v2', 'broken_condition', DRAFT, None, 1, 'Condition missing its "no" branch'),
    ('Loyalty points reminder', 'points', DRAFT, None, 10, ''),
    ('Store opening invite', 'broken_unreachable', DRAFT, None, 14, 'Has a stray node'),
    ('Price drop alert', 'broken_split', DRAFT, None, 11, 'Split with one branch'),
    ('Browse abandonment', 'browse', ACTIVE, None, 6, 'Visitors of the sale page'),
    ('Browse abandonment – mobile', 'browse', PAUSED, None, 45, ''),
    ('Untitled workflow', 'blank', DRAFT, None, 0, ''),
    ('Feedback survey', 'survey', FINALIZED, None, 80, 'Satisfaction survey'),
    ('Form follow-up', 'survey', ACTIVE, None, 18, ''),
)


def seed_demo(admin_email: str = DEMO_ADMIN_EMAIL, password: str | None = None) -> Actor:
    """Create the demo account administered by ``admin_email``; the caller makes sure the database is empty."""
    with db.atomic():
        actor = create_account_with_admin(DEMO_ACCOUNT_NAME, admin_email, 'Demo trainer', password)
        Account.update(kind=DEMO_KIND).where(Account.id == actor.account_id).execute()
        seed_account_data(actor.account_id)
    return actor


def seed_account_data(account_id: int) -> None:
    """The demo's segments, custom fields, folders, workflows, contacts and statistics, into an empty account."""
    with db.atomic():
        for name, kind, definition in SEGMENTS:
            Segment.create(account=account_id, name=name, kind=kind, definition=definition)
        for name, field_type, options in CUSTOM_FIELDS:
            CustomField.create(account=account_id, name=name, field_type=field_type, options=options)
        folders: dict[str, Folder] = {}
        for name, parent in FOLDERS.items():
            folders[name] = Folder.create(account=account_id, name=name, parent=folders[parent] if parent else None)
        segments = {s.name: s.id for s in Segment.select().where(Segment.account == account_id)}
        fields = {f.name: f.id for f in CustomField.select().where(CustomField.account == account_id)}
        placed = 0
        finalizer = (Membership.select(Membership.person).where(Membership.account == account_id)
                     .order_by(Membership.id).scalar())  # the demo's admin: finalized workflows say who
        for index, (name, blueprint, state, folder, days_ago, description) in enumerate(WORKFLOWS):
            folder_id = folders[folder].id if folder else None
            workflow = new_workflow(account_id, name, description=description, folder=folder_id,
                                    origin='template' if blueprint in FROM_TEMPLATES else 'blank')
            build_nodes(workflow, _blueprint(blueprint, workflow, segments, fields))
            refresh_derived(workflow)
            placed += state in (ACTIVE, PAUSED)
            updated = _set_history(workflow, state, days_ago, index, placed, finalizer)
            record_version(workflow.id, None, 'Demo content', at=updated)
        seed_contacts(account_id)
        seed_history(account_id)


def _set_history(workflow: Workflow, state: str, days_ago: int, index: int, position: int,
                 finalizer: int | None) -> datetime:
    """Set the seeded state and dates; returns when the workflow was last changed."""
    now = clock.now(workflow.account_id)
    updated = now - timedelta(days=days_ago, minutes=index * 7)
    changes: dict = {'state': state, 'updated_at': updated, 'created_at': updated - timedelta(days=3 + index)}
    if state != DRAFT:
        changes.update(started_at=updated - timedelta(days=120), has_data=True)  # 90 days of history to show
    if state in (ACTIVE, PAUSED):
        changes['priority_position'] = position
    if state == PAUSED:
        changes.update(paused_at=updated, pause_expires_at=pause_expiry(updated))
    if state == FINALIZED:
        changes.update(finalized_at=updated, finalized_reason='person', finalized_by=finalizer,
                       has_data=days_ago < 300)
    Workflow.update(**changes).where(Workflow.id == workflow.id).execute()
    return updated


def _content(workflow: Workflow, channel: str, name: str, subject: str, body: str) -> int:
    return Content.create(workflow=workflow, channel=channel, name=name, subject=subject, body=body).id


def _form(workflow: Workflow, name: str, fields: list[str]) -> int:
    """The account's form of this name (several demo workflows listen to the same one)."""
    return Form.get_or_create(account=workflow.account_id, name=name, defaults={'fields': fields})[0].id


def _blueprint(blueprint: str, workflow: Workflow, segments: dict[str, int], fields: dict[str, int]) -> list[NodeSpec]:
    """The nodes of each demo workflow: realistic ones, and a few drafts with the typical mistakes."""
    everyone = {'selection': 'all contacts', 'data_source': 'existing and new'}
    with_email = {'selection': 'with email', 'data_source': 'existing'}
    start = NodeSpec('start', 'start', everyone, {'next': 'trigger'})

    def email(key: str, subject: str, links: dict | None = None) -> NodeSpec:
        content = _content(workflow, 'email', subject, subject, f'<p>{subject}</p>')
        return NodeSpec(key, 'send_email', {'content': content}, links or {})

    if blueprint == 'cart':
        return [start, NodeSpec('trigger', 'cart_abandonment', {}, {'next': 'wait'}),
                NodeSpec('wait', 'wait', {'duration_hours': 2}, {'next': 'email'}),
                email('email', 'You left something in your cart')]
    if blueprint == 'cart_sms':
        sms = _content(workflow, 'sms', 'Cart SMS', '', 'Your cart is waiting: shop.example/cart')
        return [start, NodeSpec('trigger', 'cart_abandonment', {}, {'next': 'wait'}),
                NodeSpec('wait', 'wait', {'duration_hours': 24}, {'next': 'sms'}),
                NodeSpec('sms', 'send_sms', {'content': sms})]
    if blueprint == 'welcome':
        form = _form(workflow, 'Newsletter sign-up', ['email', 'first name'])
        return [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'new'}, {'next': 'trigger'}),
                NodeSpec('trigger', 'form_submitted', {'form': form}, {'next': 'email1'}),
                email('email1', 'Welcome to Demo Shop', {'next': 'wait'}),
                NodeSpec('wait', 'wait', {'duration_hours': 72}, {'next': 'email2'}),
                email('email2', 'Our best sellers')]
    if blueprint == 'newsletter':
        return [NodeSpec('start', 'start', with_email, {'next': 'email'}), email('email', workflow.name)]
    if blueprint == 'vip':
        return [NodeSpec('start', 'start', with_email, {'next': 'check'}),
                NodeSpec('check', 'in_segment', {'segment': segments['VIP customers']},
                         {'yes': 'vip', 'no': 'regular'}),
                email('vip', 'Exclusive for you'), email('regular', 'This month at Demo Shop')]
    if blueprint == 'split':
        return [NodeSpec('start', 'start', with_email, {'next': 'split'}),
                NodeSpec('split', 'split', {'percentages': [50, 50]}, {'1': 'a', '2': 'b'}),
                email('a', 'Black Friday starts now'), email('b', 'Up to 50% off this weekend')]
    if blueprint == 'post_purchase':
        return [start, NodeSpec('trigger', 'purchase', {}, {'next': 'wait'}),
                NodeSpec('wait', 'wait', {'duration_hours': 168}, {'next': 'email'}),
                email('email', 'How was your order?')]
    if blueprint == 'rule':
        return [start, NodeSpec('trigger', 'purchase', {}, {'next': 'tag'}),
                NodeSpec('tag', 'add_to_segment', {'segment': segments['VIP customers']})]
    if blueprint == 'reengage':
        return [start, NodeSpec('trigger', 'enter_segment', {'segment': segments['Inactive 90 days']},
                                {'next': 'email'}),
                email('email', 'We miss you')]
    if blueprint == 'birthday':
        return [NodeSpec('start', 'start', with_email, {'next': 'check'}),
                NodeSpec('check', 'has_field', {'field': fields['Birthday']}, {'yes': 'email', 'no': 'ask'}),
                email('email', 'Happy birthday!'), email('ask', 'Tell us your birthday')]
    if blueprint == 'points':
        return [NodeSpec('start', 'start', with_email, {'next': 'check'}),
                NodeSpec('check', 'check_value', {'field': fields['Points'], 'operator': 'greater than',
                                                  'value': '100'}, {'yes': 'set', 'no': 'later'}),
                NodeSpec('set', 'set_field', {'field': fields['Loyalty tier'], 'value': 'silver'}, {'next': 'email'}),
                email('email', 'Your points are waiting'),
                NodeSpec('later', 'wait', {'duration_hours': 24})]
    if blueprint == 'browse':
        return [start, NodeSpec('trigger', 'page_visit', {'url_match': '/sale', 'device': 'any'}, {'next': 'wait'}),
                NodeSpec('wait', 'wait', {'duration_hours': 1}, {'next': 'email'}),
                email('email', 'Still thinking about it?')]
    if blueprint == 'integration':
        event = 'points_redeemed' if 'points' in workflow.name else 'app_login'
        return [start, NodeSpec('trigger', 'custom_integration', {'event_name': event}, {'next': 'email'}),
                email('email', 'Thanks for using the Demo Shop app')]
    if blueprint == 'survey':
        form = _form(workflow, 'Satisfaction survey', ['score', 'comment'])
        return [start, NodeSpec('trigger', 'form_submitted', {'form': form}, {'next': 'email'}),
                email('email', 'Thanks for your feedback')]
    if blueprint == 'broken_no_content':
        return [NodeSpec('start', 'start', with_email, {'next': 'email'}), NodeSpec('email', 'send_email', {})]
    if blueprint == 'broken_condition':
        return [NodeSpec('start', 'start', with_email, {'next': 'check'}),
                NodeSpec('check', 'has_field', {'field': fields['Birthday']}, {'yes': 'email'}),
                email('email', 'Happy birthday!')]
    if blueprint == 'broken_unreachable':
        return [NodeSpec('start', 'start', with_email, {'next': 'email'}), email('email', 'We are opening!'),
                NodeSpec('stray', 'wait', {'duration_hours': 24})]
    if blueprint == 'broken_split':
        return [NodeSpec('start', 'start', with_email, {'next': 'split'}),
                NodeSpec('split', 'split', {'percentages': [100]}, {'1': 'email'}), email('email', 'Prices dropped')]
    return [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'existing'})]
