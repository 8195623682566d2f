"""What `make bench` needs inside the server, switched on only by the BENCH setting (env BENCH=1).

- `QueryCountMiddleware` answers every request with `X-Bench-Queries`: how many SQL statements
  the request ran (counted by a connection wrapper, so it works with DEBUG off).
- `ceiling_json` and `ceiling_row` are the ceiling the portal's pages are compared with: a bare
  Django JSON view and a view that reads one row by primary key, under the same middleware,
  gunicorn workers and database as the pages.

Neither is installed unless BENCH is on (see taijiang/settings.py and taijiang/urls.py): production
never serves them.
"""

from django.db import connection
from django.http import JsonResponse


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response


def ceiling_json(request):
    return JsonResponse({"ok": True})


def ceiling_row(request):
    from grid.models import Street

    street = Street.objects.only("pk", "name").filter(pk=request.GET.get("pk", 1) or 1).first()
    return JsonResponse({"id": street.pk if street else None, "name": street.name if street else None})
