"""The client address behind trusted proxies (core/clientip.py): never from a header we cannot trust."""

import pytest
from django.test import RequestFactory

from core.clientip import client_ip


def request_from(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_it_is_the_peer_address(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"


def test_a_forged_header_is_ignored_when_no_proxy_is_configured(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", forwarded="198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_it_is_the_address_the_proxy_appended(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded="203.0.113.7")) == "203.0.113.7"


def test_behind_one_proxy_what_the_client_wrote_itself_is_ignored(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 198.51.100.1"; nginx appended the real address.
    assert client_ip(request_from("10.0.0.2", forwarded="198.51.100.1, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_it_is_the_second_from_the_right(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 2
    forwarded = "198.51.100.1, 203.0.113.7, 10.0.0.1"
    assert client_ip(request_from("10.0.0.2", forwarded=forwarded)) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", " , "])
def test_behind_a_proxy_without_the_header_it_is_the_peer(settings, forwarded):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded=forwarded)) == "10.0.0.2"


def test_too_few_hops_are_not_trusted(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", forwarded="198.51.100.1")) == "10.0.0.2"


def test_garbage_in_the_trusted_position_falls_back_to_the_peer(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded="<script>")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [("203.0.113.7:51234", "203.0.113.7"), ("[2001:db8::1]:443", "2001:db8::1"), ("2001:DB8::1", "2001:db8::1")],
)
def test_ports_and_ipv6_are_normalised(settings, forwarded, expected):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded=forwarded)) == expected


def test_settings_read_the_count_from_the_environment_for_gilde_and_allauth():
    from config import settings as config_settings

    assert config_settings.GILDE_TRUSTED_PROXY_COUNT == 0
    assert config_settings.ALLAUTH_TRUSTED_PROXY_COUNT == config_settings.GILDE_TRUSTED_PROXY_COUNT
