from django.utils.translation import gettext_lazy as _

from taijiang.core.portal import NavItem
from taijiang.users.models import Role

NAV = [
    NavItem(label=_("我的"), url_name="dashboard:mine", roles=frozenset({Role.RESIDENT}), order=90, icon="👤",
            tile=True, description=_("我的办件、诉求、预约和报名")),
]
