"""The `.cn` file format, version 1 (documented in docs/cn-format.md), as a strict pydantic schema.

Node settings that refer to account resources or to the workflow's own contents and forms hold a
*key* of the file (``"segment": "s1"``), never a database id, so a file means the same in any
account. :func:`parse` turns bytes into a checked :class:`CnFile` or raises ``Invalid`` with one
message that says what is wrong and where.
"""

import json
import math
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from model.common.errors import Invalid
from model.common.text import hidden_character_problem

FORMAT = 'cn-workflows'
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_WORKFLOWS = 1000
MAX_NODES = 500
MAX_ITEMS = 500  # contents, forms, segments, custom fields per workflow

def _visible(text: str) -> str:
    if problem := hidden_character_problem(text):
        raise ValueError(f'the name {problem}')
    return text


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_visible)]
Key = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r'^[A-Za-z0-9_.-]+$')]
ShortText = Annotated[str, StringConstraints(max_length=2000)]
LongText = Annotated[str, StringConstraints(max_length=200_000)]
SettingValue = str | int | float | bool | list[int] | None
Position = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]


def _iso_time(text: str) -> str:
    datetime.fromisoformat(text)  # raises ValueError, which pydantic reports with the path
    return text


IsoTime = Annotated[str, AfterValidator(_iso_time)]


class Strict(BaseModel):
    model_config = ConfigDict(extra='forbid', strict=True)


class CnNode(Strict):
    key: Key
    kind: str
    config: dict[Key, SettingValue] = Field(default_factory=dict)
    x: Position = 0
    y: Position = 0


class CnConnection(Strict):
    source: Key
    output: Literal['next', 'yes', 'no', '1', '2', '3', '4', '5']
    target: Key


class CnContent(Strict):
    key: Key
    channel: Literal['email', 'sms', 'web']
    name: Name
    subject: ShortText = ''
    body: LongText = ''


class CnForm(Strict):
    key: Key
    name: Name
    fields: list[ShortText] = Field(default_factory=list, max_length=100)


class CnSegment(Strict):
    key: Key
    name: Name
    kind: Literal['contact', 'product']
    definition: dict[str, Any]


class CnCustomField(Strict):
    key: Key
    name: Name
    type: Literal['text', 'number', 'date', 'boolean', 'select']
    options: list[ShortText] = Field(default_factory=list, max_length=200)


class CnWorkflow(Strict):
    name: Name
    description: LongText = ''
    nodes: list[CnNode] = Field(min_length=1, max_length=MAX_NODES)
    connections: list[CnConnection] = Field(default_factory=list, max_length=MAX_NODES * 5)
    contents: list[CnContent] = Field(default_factory=list, max_length=MAX_ITEMS)
    forms: list[CnForm] = Field(default_factory=list, max_length=MAX_ITEMS)
    segments: list[CnSegment] = Field(default_factory=list, max_length=MAX_ITEMS)
    custom_fields: list[CnCustomField] = Field(default_factory=list, max_length=MAX_ITEMS)


class CnFile(Strict):
    format: Literal['cn-workflows']
    version: Literal[1]
    exported_at: IsoTime
    workflows: list[CnWorkflow] = Field(min_length=1, max_length=MAX_WORKFLOWS)


def parse(data: bytes) -> CnFile:
    """Bytes → a schema-valid file, or ``Invalid`` saying what is wrong and where."""
    document = _decode(data)
    if not isinstance(document, dict):
        raise Invalid('This is not a .cn workflow file: the top level must be a JSON object')
    if document.get('format') != FORMAT:
        raise Invalid(f'This is not a .cn workflow file: "format" must be "{FORMAT}" '
                      f'(found {json.dumps(document.get("format"))[:60]})')
    document = _upgrade(document)
    try:
        return CnFile.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        raise Invalid(f'{first["msg"]} at {json_path(first["loc"])}') from None


def json_path(location: tuple[int | str, ...]) -> str:
    """('workflows', 0, 'nodes', 3, 'kind') → 'workflows[0].nodes[3].kind'."""
    path = ''
    for part in location:
        path += f'[{part}]' if isinstance(part, int) else (f'.{part}' if path else str(part))
    return path or '(top level)'


def _decode(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise Invalid(f'The file is {len(data) / 1024 / 1024:.1f} MB; .cn files are limited to 5 MB')
    if not data.strip():
        raise Invalid('The file is empty')
    if b'\x00' in data[:8192]:
        raise Invalid('This is a binary file, not a .cn workflow file (which is JSON text)')
    try:
        text = data.decode('utf-8-sig')
    except UnicodeDecodeError as error:
        raise Invalid(f'The file is not UTF-8 text (invalid byte at position {error.start})') from None
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise Invalid(f'The JSON is nested {depth} levels deep; a .cn file never needs more than {MAX_DEPTH}')
    try:
        return json.loads(text, object_pairs_hook=_without_duplicates, parse_constant=_no_constant,
                          parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise Invalid(f'The file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})') \
            from None
    except RecursionError:
        raise Invalid('The JSON is nested too deeply') from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise Invalid(f'The file holds a value this application cannot read: {str(error)[:80]}') from None


def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: a repeated key would silently win over the first one."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise Invalid(f'The key "{key[:40]}" appears twice in one JSON object; each key must appear once')
        document[key] = value
    return document


def _no_constant(name: str) -> None:
    raise Invalid(f'{name} is not a number a .cn file may hold: numbers must be finite')


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Invalid(f'The number {text[:40]} is too large: numbers must be finite')
    return value


def _nesting_depth(text: str) -> int:
    """How deep brackets nest outside strings, found without parsing (so hostile files cannot recurse)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == '\\':
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in '[{':
            depth += 1
            deepest = max(deepest, depth)
        elif char in ']}':
            depth -= 1
    return deepest


def _upgrade(document: dict) -> dict:
    """Bring an older version up to the current one; refuse versions from the future."""
    version = document.get('version')
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Invalid(f'Unknown .cn version {json.dumps(version)[:20]} at version')
    if version > VERSION:
        raise Invalid(f'This file is .cn version {version}, newer than this application reads '
                      f'(up to version {VERSION}): update the application to import it')
    return document  # version 1 is the only one so far; an upgrade from v1 to v2 would go here
