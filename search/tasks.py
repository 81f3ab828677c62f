from celery import shared_task

from core.jobs import JobTask


@shared_task(base=JobTask)
def index_object(label: str, pk) -> None:
    """(Re)index one object by model label and pk; idempotent."""
    from search.index import index_by_label

    index_by_label(label, pk)
