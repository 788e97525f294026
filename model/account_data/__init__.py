"""What an account keeps beside its workflows and that workflows refer to: segments, custom fields, and the
rules they share (a reference in use cannot be deleted; creating a missing one fixes the drafts waiting for it).

May import ``model.common``, ``model.storage``, ``model.access`` and ``model.workflows``.
"""
