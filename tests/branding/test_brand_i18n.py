"""The brand's tagline in English and Dutch: the demo sets both, also on a demo loaded before."""

import pytest
from django.utils import translation

from branding import demo
from branding.models import Brand
from branding.services import brand_get, brand_update

pytestmark = pytest.mark.django_db


def test_demo_brand_has_a_dutch_tagline():
    demo.load(lambda *a: None)
    brand = brand_get()
    with translation.override("nl"):
        assert brand.display_tagline == demo.TAGLINE_NL
    with translation.override("en"):
        assert brand.display_tagline == demo.TAGLINE


def test_an_older_demo_brand_gets_its_dutch_tagline_once():
    brand_update(brand=Brand(name="Velora", tagline=demo.TAGLINE))
    demo.load(lambda *a: None)
    assert Brand.objects.get(pk=1).tagline_nl == demo.TAGLINE_NL


def test_a_managers_own_tagline_is_left_alone():
    brand_update(brand=Brand(name="Acme", tagline="Our own words."))
    demo.load(lambda *a: None)
    assert Brand.objects.get(pk=1).tagline_nl == ""


def test_empty_dutch_tagline_falls_back_to_english():
    brand = Brand(name="Acme", tagline="Our own words.")
    with translation.override("nl"):
        assert brand.display_tagline == "Our own words."
