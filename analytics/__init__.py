"""Event capture: ``analytics.track(name, *, user=None, obj=None, **props)``.

Apps call this; analytics imports none of them. Rollups are built from events.
"""


def track(name, *, user=None, obj=None, visitor_id="", **props):
    from analytics.services import event_record

    return event_record(name=name, user=user, obj=obj, visitor_id=visitor_id, props=props)


def track_request(request, name, *, obj=None, **props):
    """``track`` with the member or the anonymous visitor taken from the request."""
    user = request.user if request.user.is_authenticated else None
    visitor = "" if user else request.get_visitor_id()
    return track(name, user=user, obj=obj, visitor_id=visitor, **props)
