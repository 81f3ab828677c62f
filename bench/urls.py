"""Gilde's URLs plus ``/bench/floor``: the floor every page is compared with.

The floor is a trivial view that renders a 20-item template loop through the
same middleware, context processors and settings as the real pages, so the
ratio page/floor says how much the page itself costs.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as gilde_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>floor</title></head><body><ul>'
    "{% for item in items %}<li>{{ forloop.counter }}. {{ item.name }} ({{ item.n }})</li>{% endfor %}"
    "</ul></body></html>"
)


def floor(request):
    items = [{"name": f"item {i}", "n": i * 7} for i in range(20)]
    return HttpResponse(FLOOR_TEMPLATE.render({"items": items}, request))


urlpatterns = [path("bench/floor", floor, name="bench_floor"), *gilde_urlpatterns]
