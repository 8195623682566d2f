"""Territory in the Django admin: the same scope_for() rule as the pages.

The Django admin is for superusers, but any account that is given `is_staff` and model
permissions there must not reach past its territory. Two mixins:

- `DistrictOnlyAdmin` for district-wide objects (holiday calendar, appeal categories…): anyone
  with the model permission may look; only district admins and superusers add, change or delete.
- `TerritoryAdmin` for objects that belong to a street/community/grid: the list and every
  object are narrowed by scope_for(user).filter(...) with `scope_paths`, so another territory's
  rows are neither listed nor reachable by URL; a row with no territory counts as district-wide.
"""

from django.contrib import admin

from .scope import scope_for


class DistrictOnlyAdmin(admin.ModelAdmin):
    def _district(self, request) -> bool:
        return scope_for(request.user).is_district

    def has_add_permission(self, request):
        return self._district(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._district(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._district(request) and super().has_delete_permission(request, obj)


class TerritoryAdmin(admin.ModelAdmin):
    #: lookup paths passed to Scope.filter, e.g. {"street": "street"}
    scope_paths: dict = {}

    def get_queryset(self, request):
        return scope_for(request.user).filter(super().get_queryset(request), **self.scope_paths)
