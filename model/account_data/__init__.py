"""What an account keeps beside its workflows and that workflows refer to: segments, custom fields and forms,
one service for all three (named_items.py) and the reference rules they share (references.py: a reference in
use cannot be deleted; creating a missing one fixes the drafts waiting for it).

May import ``model.common``, ``model.storage``, ``model.access`` and ``model.workflows``.
"""
