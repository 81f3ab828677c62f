"""A version token in the shared cache: everything cached under it is stale once it is replaced.

Used for whole groups of cached values whose exact members are unknown (all
pages of an app, all members' permission sets, all category lists): the keys
hold the token, and a change replaces it instead of hunting down each key.
"""

import uuid

from django.core.cache import cache
from django.db import transaction


class VersionToken:
    def __init__(self, key: str):
        self.key = key

    def get(self) -> str:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, None)  # two processes racing agree on one
            version = cache.get(self.key) or ""
        return version

    def replace(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)

    def bump(self) -> None:
        """Stale now, and again after the transaction commits (a reader racing the
        commit may have cached the old value under the new token)."""
        self.replace()
        transaction.on_commit(self.replace)
