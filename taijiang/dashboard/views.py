"""Home pages per role and the resident's “我的” page. Reads every app, owns no data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from taijiang.core.portal import home_cards_for, mine_sections_for, nav_items_for


def home(request):
    user = request.user
    if not user.is_authenticated:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_public.html", {"tiles": tiles})
    if user.is_resident:
        tiles = [item for item in nav_items_for(user) if item.tile]
        return render(request, "dashboard/home_resident.html", {"tiles": tiles, "cards": home_cards_for(user)})
    return render(request, "dashboard/home_staff.html", {"cards": home_cards_for(user)})


@login_required
def mine(request):
    return render(request, "dashboard/mine.html", {"sections": mine_sections_for(request.user)})
