from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

import analytics
from core.throttle import throttle
from search import registry, services

LANGUAGES = [("en", "English"), ("nl", "Nederlands")]


def _clean(value, allowed) -> str:
    return value if value in allowed else ""


def click_url(request, result, query) -> str:
    params = {"to": result.url, "q": query[:200], "pos": result.position, "doc": result.document.pk}
    return reverse("search:click") + "?" + urlencode(params)


@throttle("search")
def results(request):
    query = request.GET.get("q", "").strip()[: services.MAX_QUERY_LENGTH]
    kinds = registry.kinds()
    categories = services.categories(user=request.user)
    kind = _clean(request.GET.get("kind", ""), {k for k, _ in kinds})
    language = _clean(request.GET.get("language", ""), {code for code, _ in LANGUAGES})
    category = _clean(request.GET.get("category", ""), {key for key, _ in categories})
    page = None
    if query:
        page = services.search(
            query, user=request.user, kind=kind, language=language, category=category, page=request.GET.get("page", 1)
        )
        names = registry.category_names([r.document.category_key for r in page.results])
        for result in page.results:
            result.click_url = click_url(request, result, query)
            result.category_label = names.get(result.document.category_key, result.document.category_name)
        analytics.track_request(
            request,
            "search.performed",
            query=query,
            results=page.total,
            page=page.number,
            kind=kind,
            language=language,
            category=category,
            defer=True,
        )
    filters = {"q": query, "kind": kind, "language": language, "category": category}
    query_string = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "page": page,
            "kinds": kinds,
            "languages": LANGUAGES,
            "categories": categories,
            "kind": kind,
            "language": language,
            "category": category,
            "query_string": query_string,
        },
    )


@throttle("suggest", json=True)
def suggest(request):
    """As-you-type suggestions. ``GET /search/suggest?q=&kind=&limit=``.

    JSON ``{"query", "results": [{"title", "url", "click_url", "kind", "kind_label",
    "language", "snippet"}]}``, or the ``search/_suggestions.html`` fragment for htmx.
    """
    query = request.GET.get("q", "").strip()[: services.MAX_QUERY_LENGTH]
    kind = _clean(request.GET.get("kind", ""), {k for k, _ in registry.kinds()})
    try:
        limit = max(1, min(int(request.GET.get("limit", 5)), 10))
    except ValueError:
        limit = 5
    found = services.suggest(query, user=request.user, kind=kind, limit=limit) if len(query) >= 2 else []
    for result in found:
        result.click_url = click_url(request, result, query)
    if query and len(query) >= 3:
        analytics.track_request(request, "search.suggested", query=query, results=len(found), kind=kind, defer=True)
    if request.htmx:
        return render(request, "search/_suggestions.html", {"results": found, "query": query})
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "title": r.title,
                    "url": r.url,
                    "click_url": r.click_url,
                    "kind": r.document.kind,
                    "kind_label": str(r.kind_label),
                    "language": r.document.language,
                    "snippet": r.snippet,
                }
                for r in found
            ],
        }
    )


def click(request):
    """Record which result was chosen, then go there. Only local URLs are followed."""
    target = request.GET.get("to", "")
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return HttpResponseBadRequest("Not a local address.")
    try:
        position = int(request.GET.get("pos", 0))
        document = int(request.GET.get("doc", 0))
    except ValueError:
        position, document = 0, 0
    analytics.track_request(
        request,
        "search.result_clicked",
        query=request.GET.get("q", "")[:200],
        position=position,
        document=document,
        url=target[:500],
    )
    return redirect(target)
