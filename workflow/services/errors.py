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
