"""The background work of a large import, run by ``manage.py db_worker`` (django-tasks with
its database backend: no server beyond the database)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_batch(batch_id: int) -> None:
    services.check_batch(batch_id)


@task()
def write_batch(batch_id: int) -> None:
    services.write_batch(batch_id)
