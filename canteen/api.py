"""JSON API of the canteen: published menus, orders (list, detail, create, cancel). HTTP only."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from taijiang.core.schema import ERROR

from . import selectors, services
from .serializers import MealSerializer, OrderCancelSerializer, OrderCreateSerializer, OrderSerializer


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("canteen", {"type": "integer", "minimum": 1}),
    OpenApiParameter("date_from", {"type": "string", "format": "date"}, description="YYYY-MM-DD, inclusive."),
    OpenApiParameter("date_to", {"type": "string", "format": "date"}, description="YYYY-MM-DD, inclusive.")]))
class MealViewSet(viewsets.ReadOnlyModelViewSet):
    """Published menus of the canteens the caller may see (their own community's; staff: their territory)."""

    serializer_class = MealSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Meal.objects.none()
        from taijiang.core.http import parse_date, parse_id

        qs = selectors.published_meals_visible_to(self.request.user)
        params = self.request.query_params
        if "canteen" in params:  # an id that names no canteen is an empty list; a non-id is a 400
            qs = qs.filter(canteen_id=_param(parse_id(params["canteen"]), "canteen", _("食堂编号无效。")))
        # A typed filter given empty is a 400 like any malformed value (docs/api.md), not "no filter".
        if "date_from" in params:
            qs = qs.filter(date__gte=_param(parse_date(params["date_from"]), "date_from"))
        if "date_to" in params:
            qs = qs.filter(date__lte=_param(parse_date(params["date_to"]), "date_to"))
        return qs


def _param(value, name, message=None):
    """`value`, or a 400 on the query parameter `name` when it could not be read."""
    if value is None:
        from rest_framework.exceptions import ValidationError

        raise ValidationError({name: [message or _("日期格式应为 YYYY-MM-DD。")]})
    return value


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Residents: orders for themselves and their household and those they placed; grid workers: their
    grids' and their rounds'; staff: their territory. POST: 201, or 400/403/404/409 with the reason."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Order.objects.none()
        return selectors.orders_visible_to(self.request.user).order_by("-meal__date", "-pk")

    def get_serializer_class(self):
        return OrderCreateSerializer if self.action == "create" else OrderSerializer

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer, 404: ERROR})
    def create(self, request, *args, **kwargs):
        body = OrderCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        meal = selectors.published_meals_visible_to(request.user).filter(pk=data["meal"]).first()
        if meal is None:
            raise NotFound(_("找不到该餐次。"))
        resident = selectors.residents_orderable_by(request.user).filter(pk=data["resident"]).first()
        if resident is None:
            raise NotFound(_("找不到该居民。"))
        dish = None
        if data.get("dish"):
            # Only the meal's own dishes: another meal's (or canteen's) dish is as unknown as no dish.
            dish = meal.dishes.filter(pk=data["dish"]).first()
            if dish is None:
                raise NotFound(_("找不到该菜品。"))
        order = services.order_place(meal=meal, resident=resident, actor=request.user, fulfilment=data["fulfilment"],
                                     dish=dish, note=data["note"])
        order = self.get_queryset().get(pk=order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OrderCancelSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        body = OrderCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.order_cancel(order=order, actor=request.user, reason=body.validated_data["reason"])
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)


router = SimpleRouter()
router.register("canteen/meals", MealViewSet, basename="canteen-meal")
router.register("canteen/orders", OrderViewSet, basename="canteen-order")

urlpatterns = router.urls
