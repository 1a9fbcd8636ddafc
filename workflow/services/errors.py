"""What a service refuses with. Web and API translate these into a message or a status code."""
from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(ServiceError):
    """Input that fails validation; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field)
        self.errors = errors


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class StateConflict(ServiceError):
    status = 409
    code = "wrong_state"

    def __init__(self, message: str, state: str):
        super().__init__(message)
        self.state = state


class Stale(ServiceError):
    status = 412
    code = "stale"


class ChangedMeanwhile(Stale):
    """A concurrent writer changed the row first; this one saved nothing. A conflict with the
    resource's current state (409), not a stale precondition the client sent (412)."""

    status = 409
    code = "changed"


class Repeated(ServiceError):
    """The same form, or the same API request (its Idempotency-Key), came a second time: the
    first one did the work, this one does nothing. `location` is where the first one led."""

    status = 409
    code = "repeated"

    def __init__(self, message: str, location: str | None = None):
        super().__init__(message)
        self.location = location
