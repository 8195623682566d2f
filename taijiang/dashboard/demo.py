"""Demo rollups: the dashboard's trend lines read nightly rollups, so fill the last month."""

from .services import rollup_days


def seed(*, stdout) -> None:
    # Recomputing replaces each day's rows, so running the seed again changes nothing.
    rollup_days(days=30)
    stdout.write("  dashboard: rollups for the last 30 days")
