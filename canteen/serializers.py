"""The shapes the canteen API answers with, and the order body it accepts (Chinese messages)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from taijiang.core.serializers import Serializer

from .models import Dish, Fulfilment, Meal, Order


class DishSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dish
        fields = ["id", "name", "description"]


class MealSerializer(serializers.ModelSerializer):
    canteen = serializers.IntegerField(source="canteen_id", help_text="The canteen's id.")
    canteen_name = serializers.CharField(source="canteen.name")
    sitting_label = serializers.CharField(source="get_sitting_display")
    dishes = DishSerializer(many=True)
    taken = serializers.IntegerField(help_text="Places taken (orders not cancelled).")
    cutoff = serializers.SerializerMethodField(help_text="When ordering for this meal closes.")
    price = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)

    class Meta:
        model = Meal
        fields = ["id", "canteen", "canteen_name", "date", "sitting", "sitting_label", "price", "capacity", "taken",
                  "cutoff", "note", "dishes"]

    def get_cutoff(self, meal) -> str:
        from .services import cutoff_of

        return serializers.DateTimeField().to_representation(cutoff_of(meal.canteen, meal.date))


class OrderSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name")
    dish_name = serializers.CharField(source="dish.name", allow_null=True, default=None)
    date = serializers.DateField(source="meal.date")
    sitting = serializers.CharField(source="meal.sitting")
    canteen = serializers.IntegerField(source="meal.canteen_id")
    placed_by = serializers.CharField(source="placed_by.name", help_text="Who placed the order.")
    price = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    subsidy = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0,
                                       help_text="Computed from the register when placed; never typed.")
    paid_by_resident = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    status_label = serializers.CharField(source="get_status_display")
    fulfilment_label = serializers.CharField(source="get_fulfilment_display")

    class Meta:
        model = Order
        fields = ["id", "meal", "canteen", "date", "sitting", "resident", "resident_name", "dish", "dish_name",
                  "fulfilment", "fulfilment_label", "status", "status_label", "price", "subsidy", "subsidy_tier",
                  "paid_by_resident", "placed_by", "note", "cancel_reason", "created_at"]


class OrderCreateSerializer(Serializer):
    meal = serializers.IntegerField(min_value=1, error_messages={"required": _("请选择餐次。"),
                                                                 "invalid": _("餐次编号无效。")})
    resident = serializers.IntegerField(min_value=1, help_text="The register entry (person eating).",
                                        error_messages={"required": _("请选择就餐人。"), "invalid": _("居民编号无效。")})
    dish = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                    help_text="Required when the meal has more than one dish.")
    fulfilment = serializers.ChoiceField(choices=Fulfilment.choices,
                                         error_messages={"invalid_choice": _("请选择就餐方式。")})
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OrderCancelSerializer(Serializer):
    """Every cancellation through the API says why (the kitchen and the statement keep it); on the pages
    a resident cancelling their own order may leave it out, staff may not."""

    reason = serializers.CharField(max_length=200, error_messages={"required": _("请填写取消原因。"),
                                                                   "blank": _("请填写取消原因。")})
