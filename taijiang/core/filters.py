"""The one filter backend of every API list (settings.REST_FRAMEWORK)."""

from django import forms
from django.utils.translation import gettext as _
from django_filters import BooleanFilter, CharFilter, ModelChoiceFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from .http import MAX_ID


class IdField(forms.IntegerField):
    """A row id: a whole number (2.5 or a word is invalid). One no row can have (0, negative, past
    the largest id the database holds) becomes 0, which matches nothing, instead of overflowing."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None or 1 <= value <= MAX_ID else 0


class IdFilter(NumberFilter):
    field_class = IdField


class FilterBackend(DjangoFilterBackend):
    """django-filter, with the filters meaning what the schema says, for every list:

    - a true/false filter given anything but true or false is a 400 naming it (django-filter's
      widget reads any other word, "null" included, as "no filter" and answers the whole list);
      so is an empty value of any filter but a text one (`?service_date=`);
    - an id filter takes whole numbers only (2.5 is a 400) and an id that matches no row is an
      empty list, as for any other filter value nothing matches (not a 400: the client cannot know
      which ids exist, and a deleted room is not an error in the question).
    """

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for name, field in list(filterset.filters.items()):
            by_pk = isinstance(field, ModelChoiceFilter) and field.extra.get("to_field_name") in (None, "pk", "id")
            if by_pk or (isinstance(field, NumberFilter) and not isinstance(field, IdFilter)):
                # Every number filter of the portal is an id (of a room, a grid, a community…).
                whole = IdFilter(field_name=field.field_name, lookup_expr=field.lookup_expr,
                                 method=field._method, distinct=field.distinct, exclude=field.exclude)
                whole.model, whole.parent = field.model, filterset
                filterset.filters[name] = whole
        errors = {}
        for name, field in filterset.filters.items():
            values = request.query_params.getlist(name)
            if isinstance(field, BooleanFilter) and any(value.lower() not in ("true", "false") for value in values):
                errors[name] = [_("请填写 true 或 false。")]
            elif not isinstance(field, CharFilter) and "" in values:
                # An empty date, id or choice would silently mean "no filter"; leave the parameter out.
                errors[name] = [_("请填写有效的值，或不带此参数。")]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset
