"""The domain of Workflows Area, with no UI code. Packages, bottom to top; each imports only those below it:

``common`` → ``storage`` → ``access`` → ``workflows`` → ``account_data``, ``traffic`` → ``jobs``.

``tests/test_house_rules.py`` holds the house to it; ``docs/architecture.md`` draws it.
"""
