from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import register_event

ORDER_CONFIRMED = register_event("canteen.order_confirmed", title=_("订餐成功"),
                                 body=_("%(resident)s 已订 %(meal)s（%(fulfilment)s），%(price)s 元，"
                                        "补贴 %(subsidy)s 元，自付 %(paid)s 元。"))
ORDER_CANCELLED = register_event("canteen.order_cancelled", title=_("订餐已取消"),
                                 body=_("%(resident)s 的 %(meal)s 订餐已取消：%(reason)s"))
MEAL_CANCELLED = register_event("canteen.meal_cancelled", title=_("长者食堂餐次取消"),
                                body=_("%(canteen)s %(meal)s 取消供餐：%(reason)s。%(resident)s 的订餐已取消，"
                                       "不收费用。"))
DELIVERY_ASSIGNED = register_event("canteen.delivery_assigned", title=_("送餐任务"),
                                   body=_("%(date)s %(sitting)s 请为 %(count)s 位居民送餐（%(canteen)s）。"))
