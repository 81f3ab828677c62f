"""Anonymous page caching of the question page and the question list (see core/pagecache.py).

Every community service that writes (questions, answers, comments, votes,
moderation state, locks, merges, topics, member stats, badges) is wrapped in
``@bumps_pages``: ONE community-wide version token, so any such change is
visible on the next request. What does not go through community services (an
author's display name, avatar or trust level, set in accounts; the "3 minutes
ago" of naturaltime; the brand) may lag by at most the TTL below.
"""

from core.pagecache import PageCache, ProcessMemo, anonymous_page, plain_query, query_hash  # noqa: F401

pages = PageCache("community")
bumps_pages = pages.bumps
bump = pages.bump

QUESTION_TTL = 120  # a question page: 2 minutes at most for what the version does not track
LIST_TTL = 60  # lists: 60 s
