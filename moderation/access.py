from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_moderator
from moderation import api
from moderation.api import ContentState
from moderation.models import ReviewItem
from moderation.services import content_object


def get_content_for(user, ct: int, pk: int, *, moderate: bool = False):
    """The content a member may see: 404 when it does not exist or is not visible to them.

    Pending and hidden content is visible only to its author and to moderators.
    """
    try:
        obj = content_object(ct, pk)
    except Exception:  # unknown content type id
        obj = None
    if obj is None:
        raise Http404
    if moderate and not is_moderator(user):
        raise Http404
    if api.content_state(obj) != ContentState.PUBLISHED:
        if not (is_moderator(user) or api.adapter_for(obj).author(obj) == user):
            raise Http404
    return obj


def get_item_for(user, pk: int) -> ReviewItem:
    """Only for views already behind permission_required("moderate")."""
    return get_object_or_404(ReviewItem, pk=pk)
