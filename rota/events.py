from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import register_event

PUBLISHED = register_event("rota.published", title=_("排班表已发布"),
                           body=_("%(community)s %(month)s 的排班已发布，您本月有 %(count)s 个班次。"))
SWAP_REQUESTED = register_event("rota.swap_requested", title=_("换班申请待审批"),
                                body=_("%(requester)s 申请由 %(colleague)s 接替 %(when)s 的班次：%(reason)s"))
SWAP_APPROVED = register_event("rota.swap_approved", title=_("换班已同意"),
                               body=_("%(when)s 的班次改由 %(colleague)s 值班。"))
SWAP_REFUSED = register_event("rota.swap_refused", title=_("换班未同意"),
                              body=_("%(when)s 的班次仍由 %(requester)s 值班：%(note)s"))
