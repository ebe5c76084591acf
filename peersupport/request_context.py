"""Where the current request comes from, for the audit trail.

Services write audit entries without being handed the request; the middleware
records the client address here for the duration of each request.
"""

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
