"""Beat entries of the spaces app (plain data, read by taijiang/beat.py)."""

BEAT_SCHEDULE = {
    "spaces-release-no-shows": {"task": "spaces.tasks.release_no_shows", "schedule": 60.0},
}
