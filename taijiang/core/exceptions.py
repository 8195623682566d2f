"""Domain errors raised by service functions.

Views turn them into a form error or a message; the API exception handler turns them into
a JSON body with a readable `detail` and the status below.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the action. The message is shown to the user."""

    status_code = 400
    default_message = _("操作无法完成。")
    code = "invalid"

    def __init__(self, message=None, *, field: str | None = None, extra: dict | None = None):
        self.message = message or self.default_message
        self.field = field
        self.extra = extra or {}
        super().__init__(str(self.message))


class InvalidTransition(DomainError):
    status_code = 409
    code = "invalid_transition"
    default_message = _("当前状态下不能执行此操作。")


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    default_message = _("与已有记录冲突。")


class NotAllowed(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = _("您没有权限执行此操作。")


class RateLimited(DomainError):
    """`retry_after` (seconds) becomes the API answer's Retry-After header."""

    status_code = 429
    code = "throttled"
    default_message = _("提交过于频繁，请稍后再试。")

    def __init__(self, message=None, *, retry_after: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
