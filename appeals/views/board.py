from django.shortcuts import render

from taijiang.core.pagination import BoundedPaginator

from ..redact import public_entry
from ..selectors import public_board


def board(request):
    """Resolved appeals whose residents allowed it, without personal data (open to everyone)."""
    page = BoundedPaginator(public_board(), 20).get_page(request.GET.get("page"))
    entries = [public_entry(appeal) for appeal in page.object_list]
    return render(request, "appeals/board.html", {"page": page, "entries": entries})
