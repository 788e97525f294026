"""What the canvas draws for a workflow: one card per node (icon, label, a one-line summary of its settings,
its incidents, its outputs, and in Live view its counts) and one line per connection.

Everything here is data for the canvas component, which shows text as text: names people typed are safe.
"""

from model.workflows.catalogue import CATALOGUE, output_names
from model.workflows.editing import Draft, node_title
from model.workflows.incidents import GraphEdge, Incident

ICONS = {
    'start': 'play_arrow', 'page_visit': 'language', 'cart_abandonment': 'remove_shopping_cart',
    'purchase': 'shopping_bag', 'enter_segment': 'group_add', 'leave_segment': 'group_remove',
    'email_opened': 'drafts', 'email_clicked': 'ads_click', 'form_submitted': 'assignment_turned_in',
    'custom_integration': 'webhook', 'check_value': 'rule', 'has_field': 'fact_check', 'in_segment': 'groups',
    'received_email': 'mark_email_read', 'opened_email': 'mark_email_unread', 'wait': 'schedule',
    'split': 'call_split', 'ab_test': 'science', 'set_field': 'edit_note', 'add_to_segment': 'person_add',
    'send_email': 'mail', 'send_sms': 'sms', 'send_web_content': 'web',
}
GROUP_COLORS = {  # accent and soft background of each catalogue group
    'Start': ('#2e7d32', '#e8f5e9'), 'Triggers': ('#6a1b9a', '#f3e5f5'), 'Conditions': ('#ef6c00', '#fff3e0'),
    'System actions': ('#455a64', '#eceff1'), 'Channel actions': ('#1565c0', '#e3f2fd'),
    'Custom integration': ('#00838f', '#e0f7fa'),
}
OUTPUT_LABELS = {'next': '', 'yes': 'Yes', 'no': 'No'}
SUMMARY_MAX = 60


def edge_id(edge: GraphEdge) -> str:
    return f'{edge.source}:{edge.output}'  # node keys never hold ':'


def cards(draft: Draft, incidents: list[Incident], names: dict[str, dict[int, str]],
          counts: dict[str, list[dict]] | None = None) -> tuple[list[dict], list[dict]]:
    """The canvas's nodes and edges. ``names``: segment, custom field and form names by id; ``counts``: Live
    view's figures per node."""
    problems: dict[str, list[Incident]] = {}
    for incident in incidents:
        if incident.node_key is not None:
            problems.setdefault(incident.node_key, []).append(incident)
    nodes = []
    for key, node in draft.nodes.items():
        kind = CATALOGUE[node.kind]
        own = problems.get(key, [])
        accent, soft = GROUP_COLORS[kind.group]
        nodes.append({
            'id': key, 'x': node.x, 'y': node.y, 'kind': node.kind, 'label': node_title(draft, key),
            'group': 'Trigger' if kind.is_trigger else kind.group.removesuffix('s').replace('Start', 'Entry'),
            'icon': ICONS[node.kind], 'accent': accent, 'soft': soft, 'summary': summary(draft, key, names),
            'severity': ('error' if any(i.severity == 'error' for i in own) else 'alert') if own else None,
            'problems': '\n'.join(i.message for i in own), 'input': node.kind != 'start',
            'outputs': [{'id': output, 'label': output_label(node.config, output)}
                        for output in output_names(node.kind, node.config)],
            'counts': (counts or {}).get(key),
        })
    edges = [{'id': edge_id(edge), 'source': edge.source, 'output': edge.output, 'target': edge.target}
             for edge in draft.edges if edge.source in draft.nodes and edge.target in draft.nodes]
    return nodes, edges


def output_label(config: dict, output: str) -> str:
    """'' for a node's only output, Yes / No, or a branch with its share ('B · 30%')."""
    if output in OUTPUT_LABELS:
        return OUTPUT_LABELS[output]
    shares = config.get('percentages') or []
    index = int(output) - 1
    letter = 'ABCDE'[index]
    return f'{letter} · {shares[index]}%' if index < len(shares) else letter


def summary(draft: Draft, key: str, names: dict[str, dict[int, str]]) -> str:
    """One line saying how the node is set up, e.g. 'Wait 2 days' or 'Segment: VIP customers'."""
    config = draft.nodes[key].config
    kind = draft.nodes[key].kind

    def named(setting_type: str, value: object) -> str:
        return names.get(setting_type, {}).get(value, '') if isinstance(value, int) else ''

    if kind == 'start':
        text = f'{config.get("selection", "Choose who enters").capitalize()} · {config.get("data_source", "")}'
    elif kind == 'wait':
        text = _duration(config.get('duration_hours'))
    elif kind in ('split', 'ab_test'):
        text = ' / '.join(f'{p}%' for p in config.get('percentages') or []) or 'Set the percentages'
    elif CATALOGUE[kind].channel:
        content = draft.contents.get(config.get('content'))  # type: ignore[arg-type]
        text = (content.subject or content.name) if content else 'Choose a content'
    elif config.get('unmatched_segment'):
        text = f'Missing segment "{config["unmatched_segment"]}"'
    elif 'segment' in config:
        text = named('segment', config['segment'])
    elif 'field' in config:
        text = ' '.join(part for part in (named('custom_field', config['field']), config.get('operator', ''),
                                          _quoted(config.get('value'))) if part)
    elif kind == 'page_visit':
        text = f'URL contains {_quoted(config.get("url_match"))}' if config.get('url_match') else 'Set the URL'
    elif kind == 'form_submitted':
        text = named('form', config.get('form')) or config.get('integrated_form') or 'Choose a form'
    elif kind == 'custom_integration':
        text = config.get('event_name') or 'Name the event'
    elif kind in ('cart_abandonment', 'purchase'):
        text = f'Products: {config["product_filter"]}' if config.get('product_filter') else 'Any product'
    else:
        text = 'Any email'  # the email triggers and conditions have no settings
    text = text or 'Not set up yet'
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1] + '…'


def _duration(hours: object) -> str:
    if not isinstance(hours, int | float) or isinstance(hours, bool):
        return 'Set the duration'
    if hours and hours % 24 == 0:
        days = int(hours // 24)
        return f'{days} day{"s" if days != 1 else ""}'
    return f'{hours:g} hour{"s" if hours != 1 else ""}'


def _quoted(value: object) -> str:
    return f'“{value}”' if value not in (None, '') else ''
