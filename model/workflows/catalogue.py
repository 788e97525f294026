"""The node catalogue of docs/product.md §7: each kind's group, outputs and settings.

Incidents (§8), the workflow type, the editor's palette and the after-start editing rules all
read this one table.
"""

import math
from dataclasses import dataclass, field

MAX_WAIT_HOURS = 365 * 24  # a Wait lasts at most 365 days
MIN_WAIT_HOURS = 1 / 60  # and at least a minute
WAIT_UNITS = {'days': 24, 'hours': 1, 'minutes': 1 / 60}  # hours in one of each, largest first; stored in hours

GROUPS = ('Start', 'Triggers', 'Conditions', 'System actions', 'Channel actions', 'Custom integration')


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    type: str  # choice | text | number | segment | custom_field | content | form | percentages | product_filter
    required: bool = False
    editable_after_start: bool = False
    options: tuple[str, ...] = ()
    required_if: tuple[str, str] | None = None  # (other setting, value) that makes this one required
    maximum: float | None = None  # for numbers: the largest value accepted (docs/security.md)
    minimum: float = 0  # for numbers: the smallest
    is_duration: bool = False  # a number of hours, which people type in minutes, hours or days


@dataclass(frozen=True)
class NodeKind:
    kind: str
    group: str
    label: str
    outputs: str = 'next'  # next | yes_no | branches | none
    settings: tuple[Setting, ...] = field(default_factory=tuple)
    channel: str | None = None  # for channel actions: email | sms | web

    @property
    def is_trigger(self) -> bool:
        return self.group in ('Triggers', 'Custom integration')

    @property
    def is_action(self) -> bool:
        """Does something to the contact (waits, splits and tests only route)."""
        return self.group == 'Channel actions' or self.kind in ('set_field', 'add_to_segment')

    def setting(self, name: str) -> Setting | None:
        return next((s for s in self.settings if s.name == name), None)


START_SELECTIONS = ('all contacts', 'with email', 'without email', 'with phone', 'subscribed to push',
                    'belonging to segment')
DATA_SOURCES = ('existing', 'new', 'existing and new')
DEVICES = ('any', 'desktop', 'mobile', 'tablet')
OPERATORS = ('equals', 'not equals', 'greater than', 'less than', 'contains')


def _segment(required: bool = True) -> Setting:
    return Setting('segment', 'Segment', 'segment', required=required)


def _content(channel: str) -> tuple[Setting, ...]:
    """The node's content (a Content row of the workflow); its subject and body stay editable after start."""
    return (Setting('content', 'Content', 'content', required=True, options=(channel,)),)


_PRODUCT_FILTER = Setting('product_filter', 'Product filter', 'product_filter')

CATALOGUE: dict[str, NodeKind] = {k.kind: k for k in (
    NodeKind('start', 'Start', 'Start', settings=(
        Setting('selection', 'Selection', 'choice', required=True, options=START_SELECTIONS),
        Setting('segment', 'Segment', 'segment', required_if=('selection', 'belonging to segment')),
        Setting('data_source', 'Data source', 'choice', required=True, options=DATA_SOURCES),
    )),
    NodeKind('page_visit', 'Triggers', 'On page visit', settings=(
        Setting('url_match', 'URL contains', 'text', required=True),
        Setting('device', 'Device', 'choice', options=DEVICES),
    )),
    NodeKind('cart_abandonment', 'Triggers', 'On cart abandonment', settings=(_PRODUCT_FILTER,)),
    NodeKind('purchase', 'Triggers', 'On purchase', settings=(_PRODUCT_FILTER,)),
    NodeKind('enter_segment', 'Triggers', 'On entering segment', settings=(_segment(),)),
    NodeKind('leave_segment', 'Triggers', 'On leaving segment', settings=(_segment(),)),
    NodeKind('email_opened', 'Triggers', 'On opening email'),
    NodeKind('email_clicked', 'Triggers', 'On clicking email'),
    NodeKind('form_submitted', 'Triggers', 'On form submitted', settings=(
        Setting('form', 'Form', 'form'),
        Setting('integrated_form', 'Integrated form', 'text'),
    )),
    NodeKind('custom_integration', 'Custom integration', 'Custom integration', settings=(
        Setting('event_name', 'Event name', 'text', required=True),
    )),
    NodeKind('check_value', 'Conditions', 'Check value', outputs='yes_no', settings=(
        Setting('field', 'Custom field', 'custom_field', required=True),
        Setting('operator', 'Operator', 'choice', required=True, options=OPERATORS),
        Setting('value', 'Value', 'text', required=True),
    )),
    NodeKind('has_field', 'Conditions', 'Has field', outputs='yes_no', settings=(
        Setting('field', 'Custom field', 'custom_field', required=True),
    )),
    NodeKind('in_segment', 'Conditions', 'Belongs to segment', outputs='yes_no', settings=(_segment(),)),
    NodeKind('received_email', 'Conditions', 'Has received email', outputs='yes_no'),
    NodeKind('opened_email', 'Conditions', 'Has opened email', outputs='yes_no'),
    NodeKind('wait', 'System actions', 'Wait', settings=(
        Setting('duration_hours', 'Duration', 'number', required=True, editable_after_start=True,
                maximum=MAX_WAIT_HOURS, minimum=MIN_WAIT_HOURS, is_duration=True),
    )),
    NodeKind('split', 'System actions', 'Split', outputs='branches', settings=(
        Setting('percentages', 'Branch percentages', 'percentages', required=True, editable_after_start=True),
    )),
    NodeKind('ab_test', 'System actions', 'Start A/B/X test', outputs='branches', settings=(
        Setting('percentages', 'Variant percentages', 'percentages', required=True),
    )),
    NodeKind('set_field', 'System actions', 'Set custom field', settings=(
        Setting('field', 'Custom field', 'custom_field', required=True),
        Setting('value', 'Value', 'text', required=True),
    )),
    NodeKind('add_to_segment', 'System actions', 'Add to segment', settings=(_segment(),)),
    NodeKind('send_email', 'Channel actions', 'Send email', channel='email', settings=_content('email')),
    NodeKind('send_sms', 'Channel actions', 'Send SMS', channel='sms', settings=_content('sms')),
    NodeKind('send_web_content', 'Channel actions', 'Send web content', channel='web', settings=(
        *_content('web'),
        Setting('placement', 'Placement', 'text', required=True),
    )),
)}

MAX_BRANCHES = 5


def number_problem(setting: Setting, value: object) -> str | None:
    """Why ``value`` is not acceptable for a number setting (finite, within its bounds), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f'{setting.label} must be a number'
    if value < setting.minimum or value < 0:
        return f'{setting.label} is at least {_amount(setting, setting.minimum)}'
    if setting.maximum is not None and value > setting.maximum:
        return f'{setting.label} is at most {_amount(setting, setting.maximum)}'
    return None


def in_unit(hours: float) -> tuple[float, str]:
    """A duration in the largest unit that says it in whole numbers: 48 → (2, 'days'), 0.5 → (30, 'minutes')."""
    for unit in ('days', 'hours'):
        amount = round(hours / WAIT_UNITS[unit], 6)
        if amount == int(amount):
            return int(amount), unit
    minutes = round(hours * 60, 6)
    return (int(minutes) if minutes == int(minutes) else minutes), 'minutes'


def to_hours(amount: float, unit: str) -> float:
    """What is stored for ``amount`` ``unit``: 90 minutes → 1.5."""
    hours = amount * WAIT_UNITS[unit]
    return int(hours) if hours == int(hours) else hours


def duration_words(hours: float) -> str:
    """'1 minute', '36 hours', '365 days'."""
    amount, unit = in_unit(hours)
    return f'{amount:g} {unit[:-1] if amount == 1 else unit}'


def _amount(setting: Setting, value: float) -> str:
    return duration_words(value) if setting.is_duration else f'{value:g}'


def output_names(kind: str, config: dict) -> list[str]:
    """The outputs a node offers: ``next``, ``yes``/``no``, or one numbered branch per percentage."""
    outputs = CATALOGUE[kind].outputs
    if outputs == 'yes_no':
        return ['yes', 'no']
    if outputs == 'branches':
        count = max(2, min(MAX_BRANCHES, len(config.get('percentages') or [])))
        return [str(i) for i in range(1, count + 1)]
    return ['next'] if outputs == 'next' else []
