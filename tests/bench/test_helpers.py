"""The bench's helpers: percentiles, wrk output, the Markdown table, the floor page."""

import pytest

from bench import loadgen

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8765/bench/floor
  1 threads and 4 connections
BENCHJSON {"requests": 8000, "duration_us": 8000000, "p50": 4500, "p95": 9000, "p99": 15000, \
"status_errors": 2, "socket_errors": 1}
"""


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert loadgen.percentile(values, 50) == 50
    assert loadgen.percentile(values, 95) == 95
    assert loadgen.percentile(reversed(values), 99) == 99
    assert loadgen.percentile([], 95) == 0.0


def test_parse_wrk_reads_the_script_line():
    result = loadgen.parse_wrk(WRK_OUTPUT)
    assert result.rps == 1000
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (4.5, 9.0, 15.0)
    assert result.errors == 3


def test_parse_wrk_without_the_line_says_so():
    with pytest.raises(ValueError, match="BENCHJSON"):
        loadgen.parse_wrk("Running 1s test")


def test_markdown_table():
    text = loadgen.markdown_table(["page", "req/s"], [["floor", 1234.5], ["q", 0.25]])
    assert text.splitlines() == ["| page | req/s |", "| --- | --- |", "| floor | 1,234.5 |", "| q | 0.25 |"]


@pytest.mark.urls("bench.urls")
def test_floor_page_renders_twenty_items_with_the_real_context(client, db, django_assert_max_num_queries):
    # At most the brand, read once into the (here empty) cache by the context processor.
    with django_assert_max_num_queries(1):
        response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content.count(b"<li>") == 20


@pytest.mark.urls("bench.urls")
def test_bench_urls_keep_every_gilde_page(client, db):
    assert client.get("/help/").status_code == 200
