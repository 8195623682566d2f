"""Pagination for long lists where nobody needs the exact total."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class BoundedPaginator(Paginator):
    """Counts at most `max_pages` pages of rows, so a list over hundreds of thousands of rows costs
    a bounded index scan instead of a full `COUNT(*)`; pages past the bound answer the last one
    (like any page past the end). For lists people browse from the top: the public board, searches.
    """

    def __init__(self, object_list, per_page, *, max_pages: int = 50, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def count(self) -> int:
        bound = self.per_page * self.max_pages
        object_list = self.object_list
        if hasattr(object_list, "count") and hasattr(object_list, "query"):
            # SELECT count(*) FROM (… LIMIT bound): stops after `bound` rows of the ordered index.
            return object_list[:bound].count()
        return min(len(object_list), bound)


class PagePagination(PageNumberPagination):
    """`?page=N` from 1; a page past the last answers 404 (documented on every list)."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = "Page number, from 1; past the last page: 404."
        return parameters
