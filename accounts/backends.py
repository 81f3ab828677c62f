"""Permissions from the cache: every signed-in page asks for the reader's roles.

Django's ModelBackend reads a member's permissions with two queries per request
(their own and their groups'). Roles change rarely (accounts/roles.py assigns
groups), so the permission set is cached per member under a version that any
change to group membership, a group's permissions or a member's own permissions
replaces (accounts/signals.py), and under the member's superuser and active
flags. A role given or taken away applies on the member's next request.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from core.versions import VersionToken

PERMISSIONS = VersionToken("accounts:perms:version")
VERSION_KEY = PERMISSIONS.key


def permissions_changed() -> None:
    PERMISSIONS.replace()


class CachedPermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # One round trip for the version, the member's entry and (while we are at
            # it) their verified-email flag, which the posting gate asks for next, and
            # their MFA flag, which accounts.roles asks for staff.
            from accounts.querysets import verified_cache_key
            from accounts.roles import mfa_cache_key

            key, verified = f"accounts:perms:{user_obj.pk}", verified_cache_key(user_obj.pk)
            mfa = mfa_cache_key(user_obj.pk)
            found = cache.get_many([VERSION_KEY, key, verified, mfa])
            version = found.get(VERSION_KEY) or PERMISSIONS.get()
            entry = found.get(key)
            if entry is not None and entry[0] == version and entry[1] == user_obj.is_superuser:
                perms = entry[2]
            else:
                perms = super().get_all_permissions(user_obj)
                cache.set(key, (version, user_obj.is_superuser, perms), 24 * 3600)
            if found.get(verified):
                user_obj._has_verified_email = True
            if found.get(mfa) is not None:
                user_obj._gilde_mfa = found[mfa]
            # ModelBackend subclasses (allauth's) read the same attribute: no second lookup.
            user_obj._perm_cache = perms
        return user_obj._perm_cache
