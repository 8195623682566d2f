import django_filters
from django_filters import rest_framework as drf_filters

from taijiang.core.http import parse_id

from .models import Appeal, Level
from .workflow import Status


class AppealFilter(drf_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    category = django_filters.CharFilter(field_name="category__code")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    grid = django_filters.NumberFilter(field_name="grid")
    community = django_filters.CharFilter(method="filter_community")
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Appeal
        fields = ["status", "category", "level", "grid", "community", "overdue", "created_after", "created_before"]

    def filter_community(self, queryset, name, value):
        if (pk := parse_id(value)) is not None:
            return queryset.filter(community_id=pk)
        return queryset.filter(community__code=value)
