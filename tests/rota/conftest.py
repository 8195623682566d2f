import pytest

from . import factories as rf


@pytest.fixture
def fuxiang(territory):
    """Community A1 with a centre, the standard hours, 8 workers (5 window-qualified) and National Day."""
    community = territory["a1"]
    centre = rf.centre_for(community)
    rf.hours(centre)
    rf.calendar()
    workers = rf.workers(community)
    return {"community": community, "centre": centre, "workers": workers, **territory}
