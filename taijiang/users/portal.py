from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import NavItem

from .models import ADMIN_ROLES

NAV_SECTION = "admin"
NAV = [
    NavItem(label=_("工作人员"), url_name="users:staff_list", roles=frozenset(ADMIN_ROLES) | {"admin"}, order=95),
]
