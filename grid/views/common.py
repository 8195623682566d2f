"""Shared bits of the grid pages: the register gate."""

from taijiang.core.access import access_required

from ..permissions import register_refusal

# Logged in, and a role that may see the register; otherwise 403 with the reason for that role
# (window staff and residents are told why), shown by the shared error page.
register_page = access_required(register_refusal)


