from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def index_object(label: str, pk) -> None:
    """(Re)index one object by model label and pk; idempotent."""
    from search.index import index_by_label

    index_by_label(label, pk)
