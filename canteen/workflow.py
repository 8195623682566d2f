"""The meal's and the order's allowed moves, as data."""

from django.utils.translation import gettext_lazy as _

from taijiang.core.workflow import Step, Workflow

from .models import MealStatus, OrderStatus

# A published meal is what residents order against: it is never edited back to a draft, only
# cancelled with a reason (and everyone who ordered is told).
MEAL_FLOW = Workflow(MealStatus, {
    MealStatus.DRAFT: {MealStatus.PUBLISHED, MealStatus.CANCELLED},
    MealStatus.PUBLISHED: {MealStatus.CANCELLED},
    MealStatus.CANCELLED: set(),
}, actions={
    "edit": Step({MealStatus.DRAFT}, _("修改菜单"),
                 refusal=_("菜单状态为“%(status)s”，不能再修改；如需变更请取消该餐次并通知已订餐的居民。")),
})

ORDER_FLOW = Workflow(OrderStatus, {
    OrderStatus.PLACED: {OrderStatus.CANCELLED, OrderStatus.SERVED, OrderStatus.NO_SHOW, OrderStatus.ASSIGNED},
    # Taken off a round (re-planned) it is placed again; nobody home is a no-show.
    OrderStatus.ASSIGNED: {OrderStatus.DELIVERED, OrderStatus.PLACED, OrderStatus.CANCELLED, OrderStatus.NO_SHOW},
    OrderStatus.SERVED: set(),
    OrderStatus.DELIVERED: set(),
    OrderStatus.NO_SHOW: set(),
    OrderStatus.CANCELLED: set(),
}, actions={
    "serve": Step({OrderStatus.PLACED}, _("登记就餐"),
                  refusal=_("订单状态为“%(status)s”，不能%(action)s。")),
    "deliver": Step({OrderStatus.ASSIGNED}, _("标记送达")),
})
