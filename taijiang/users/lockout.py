"""Login lockout (django-axes), tuned for a portal where many clerks share one office address.

Axes counts failed logins in the database (AccessAttempt, one row per username, address and
browser) and refuses further tries for a cool-off period once a limit is reached. Two limits:

- per account *and* address (AXES_FAILURE_LIMIT, default 5): someone guessing one account's
  password from one place. Never per account alone: then anyone could lock a window clerk out
  of the counter by typing her username five times.
- per address (LOGIN_FAILURE_LIMIT_PER_ADDRESS, default 30): one client trying many accounts.
  Higher, because a street office sits behind one NAT address.

The client address is taken from `taijiang.core.http.client_ip` (AXES_CLIENT_IP_CALLABLE),
the one place that decides which proxy headers are trusted; a client-sent X-Forwarded-For
is not believed.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .backends import login_account


def lockout_username(request, credentials) -> str | None:
    """The name failures are counted under: the account's username when the typed credential
    (username or mobile number in any spelling) names an account, otherwise the credential as
    typed (so guessing at unknown names is counted too, each spelling once)."""
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = getattr(request, "data", request.POST).get("username")
    if not typed:
        return None
    account = login_account(str(typed))
    return account.get_username() if account is not None else str(typed).strip()[:150]


class PortalAxesHandler(AxesDatabaseHandler):
    """The database handler with one limit per lockout parameter set (axes has one for all).

    `get_failures` answers in units of AXES_FAILURE_LIMIT so that axes' single comparison
    `failures >= AXES_FAILURE_LIMIT` means "some set reached its own limit".
    """

    def get_failures(self, request, credentials=None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        failures = 0
        # Querysets come in the order of AXES_LOCKOUT_PARAMETERS.
        for parameter, attempts in zip(get_lockout_parameters(request, credentials),
                                       self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                count = count * account_limit // address_limit  # >= account_limit exactly when count >= address_limit
            failures = max(failures, count)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that account's failures from that address only: clearing
        the address's count too would let an attacker reset it by logging into their own account
        between guesses at others."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def cool_off_seconds(request=None) -> int:
    return int(get_cool_off(request).total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After: JSON on the API (mobile clients read `detail`), a page elsewhere."""
    seconds = cool_off_seconds(request)
    minutes = math.ceil(seconds / 60)
    message = _("登录失败次数过多，已暂时锁定。请 %(minutes)s 分钟后再试，或联系管理员解锁。") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out", "retry_after": seconds}, status=429)
    else:
        response = render(request, "users/locked_out.html", {"message": message, "minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response
