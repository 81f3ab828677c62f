"""Footer links may carry a Dutch label: "label | Dutch label | URL"."""

import pytest
from django.urls import reverse

from branding.forms import BrandForm
from branding.models import Brand
from branding.services import brand_get, brand_update

pytestmark = pytest.mark.django_db

DATA = {"name": "Velora", "primary_color": "#0e5c4a", "accent_color": "#b4451b", "default_language": "nl"}


def test_a_link_with_a_dutch_label():
    form = BrandForm(data={**DATA, "footer_links_text": "Dealer locator | Dealers zoeken | https://velora.example/d\n"
                                                       "Privacy | https://velora.example/p"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["footer_links_text"] == [
        {"label": "Dealer locator", "label_nl": "Dealers zoeken", "url": "https://velora.example/d"},
        {"label": "Privacy", "url": "https://velora.example/p"},
    ]


@pytest.mark.parametrize("line", ["Only a label", "a | b | c | https://x.example", " | https://x.example"])
def test_a_malformed_line_is_refused(line):
    form = BrandForm(data={**DATA, "footer_links_text": line})
    assert not form.is_valid() and "footer_links_text" in form.errors


def test_the_form_shows_the_dutch_label_again():
    brand = Brand(name="Velora", footer_links=[{"label": "Shop", "label_nl": "Winkel", "url": "https://s.example"}])
    assert BrandForm(instance=brand).fields["footer_links_text"].initial == "Shop | Winkel | https://s.example"


def test_footer_shows_the_label_in_the_readers_language(client):
    brand_update(brand=Brand(name="Velora", footer_links=[
        {"label": "Dealer locator", "label_nl": "Dealers zoeken", "url": "https://velora.example/d"},
        {"label": "Privacy", "url": "https://velora.example/p"},
    ]))
    client.cookies["gilde_language"] = "nl"
    dutch = client.get(reverse("home")).content.decode()
    assert ">Dealers zoeken</a>" in dutch and "Dealer locator" not in dutch and ">Privacy</a>" in dutch
    client.cookies["gilde_language"] = "en"
    english = client.get(reverse("home")).content.decode()
    assert ">Dealer locator</a>" in english and "Dealers zoeken" not in english
    assert brand_get().footer_links[0]["label_nl"] == "Dealers zoeken"
