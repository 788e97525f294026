"""Domain errors: each carries a message fit to show a user as it is."""


class DomainError(Exception):
    @property
    def message(self) -> str:
        return str(self)


class NotFound(DomainError):
    """Also what another account's workflow looks like: its existence is not revealed."""


class Forbidden(DomainError):
    pass


class Refused(DomainError):
    """An action the rules do not allow (a transition not in the table, a start with errors...)."""


class StaleVersion(DomainError):
    """The workflow changed since the caller read it; nothing was written."""


class Invalid(DomainError):
    pass


class SessionEnded(Forbidden):
    """The browser's session was ended (sign-out, password change, removal): sign in again."""
