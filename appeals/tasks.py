from celery import shared_task

from .services import auto_close_unrated, sweep_deadlines


@shared_task(name="appeals.tasks.sweep_deadlines")
def sweep_deadlines_task() -> int:
    return sweep_deadlines()


@shared_task(name="appeals.tasks.auto_close_unrated")
def auto_close_unrated_task() -> int:
    return auto_close_unrated()
