"""Permissions from the cache: every signed-in page asks for the reader's roles.

Django's ModelBackend reads a member's permissions with two queries per request
(their own and their groups'). Roles change rarely (accounts/roles.py assigns
groups), so the permission set is cached per member under a version that any
change to group membership, a group's permissions or a member's own permissions
replaces (accounts/signals.py), and under the member's superuser and active
flags. A role given or taken away applies on the member's next request.
"""

import uuid

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

VERSION_KEY = "accounts:perms:version"


def permissions_changed() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


class CachedPermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"accounts:perms:{user_obj.pk}:{int(user_obj.is_superuser)}:{_version()}"
            perms = cache.get(key)
            if perms is None:
                perms = super().get_all_permissions(user_obj)
                cache.set(key, perms, 24 * 3600)
            # ModelBackend subclasses (allauth's) read the same attribute: no second lookup.
            user_obj._perm_cache = perms
        return user_obj._perm_cache
