"""Calling services from pages: the one way a refusal reaches the user, and page actions as a table.

A service refuses by raising ValidationError or a DomainError (taijiang.core.exceptions: NotAllowed
403, InvalidTransition/Conflict 409, RateLimited 429, …). `attempt` calls it and turns the refusal into

- a form error beside the field it names (or at the top), keeping what the user typed, or a
  message when there is no form (the page redirects);
- the status the page answers with (`outcome.status`: 400, or the error's own status code);
- for NotAllowed, the shared 403 page with the reason (PermissionDenied), unless the page shows
  the refusal itself (`inline_forbidden=True`: the appeal page, an htmx fragment).

    outcome = attempt(request, form, lambda: services.booking_create(room=room, actor=request.user, ...))
    if outcome:
        return redirect(...)
    return render(request, "...", {"form": form}, status=outcome.status)

A page with several actions (accept, reply, escalate…) declares them in a table of `Action`
rows, one per action, and `run_action` binds the action's form, calls it through `attempt` and
says success:

    ACTIONS = {
        "accept": Action(lambda request, appeal, data: services.appeal_accept(appeal=appeal, actor=request.user),
                         _("已受理。")),
        "reply": Action(lambda request, appeal, data: services.appeal_reply(..., text=data["text"]),
                        _("答复已发送给居民。"), form=ReplyForm),
    }
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.functional import Promise

from .exceptions import DomainError, NotAllowed
from .forms import add_service_error


@dataclass
class Outcome:
    """What a service call from a page came to. True when the service did what was asked."""

    value: Any = None
    error: Exception | None = None
    status: int = 200
    form: Any = None

    def __bool__(self) -> bool:
        return self.error is None


def refusal_text(exc: ValidationError | DomainError) -> str:
    return str(exc.message) if isinstance(exc, DomainError) else " ".join(str(m) for m in exc.messages)


def attempt(request, form, call: Callable[[], Any], *, announce: bool = False,
            inline_forbidden: bool = False) -> Outcome:
    """Call `call()`; a refusal goes onto `form` (or into a message when form is None).

    `announce`: say the refusal as a message as well, for pages whose form may not be shown again.
    """
    try:
        value = call()
    except (DomainError, ValidationError) as exc:
        if isinstance(exc, NotAllowed) and not inline_forbidden:
            raise PermissionDenied(str(exc.message)) from exc
        if form is not None:
            add_service_error(form, exc)
        if form is None or announce:
            messages.error(request, refusal_text(exc))
        return Outcome(error=exc, status=getattr(exc, "status_code", 400), form=form)
    return Outcome(value=value, form=form)


def form_errors_as_messages(request, form) -> None:
    """For pages that redirect after an action: the form's errors become messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@dataclass(frozen=True)
class Action:
    """One page action: `call(request, obj, data)` with the form's cleaned data ({} without a form).

    `form` is a form class (bound to request.POST and request.FILES) or `form(request, obj)` returning
    the bound form when it needs more (the item whose materials it lists). `success` is the message
    said when the call succeeds, or `success(value)` building it from what the service returned.
    """

    call: Callable
    success: str | Callable | None = None
    form: Any = None

    def bind(self, request, obj):
        if self.form is None:
            return None
        if isinstance(self.form, type):
            return self.form(request.POST, request.FILES)
        return self.form(request, obj)


def run_action(request, actions: dict, name: str, obj, *, messages_only: bool = False, announce: bool = False,
               inline_forbidden: bool = False) -> Outcome:
    """Run `actions[name]` on `obj` (404 for a name the table lacks) and return its Outcome.

    An invalid form answers 400 without calling the service. `messages_only`: the page redirects
    whatever happens, so form errors and refusals are all said as messages.
    """
    if name not in actions:
        raise Http404
    action = actions[name]
    form = action.bind(request, obj)
    if form is not None and not form.is_valid():
        if messages_only:
            form_errors_as_messages(request, form)
        return Outcome(error=ValidationError(form.errors), status=400, form=form)
    data = form.cleaned_data if form is not None else {}
    outcome = attempt(request, None if messages_only else form, lambda: action.call(request, obj, data),
                      announce=announce, inline_forbidden=inline_forbidden)
    outcome.form = form
    if outcome and action.success:
        success = action.success
        text = success(outcome.value) if callable(success) and not isinstance(success, Promise) else success
        if text:
            messages.success(request, text)
    return outcome
