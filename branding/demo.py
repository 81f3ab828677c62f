from branding.models import Brand
from branding.services import brand_update

TAGLINE = "E-bikes built in Utrecht. Questions answered by riders and our team."
TAGLINE_NL = "E-bikes gebouwd in Utrecht. Vragen beantwoord door rijders en ons team."


def load(out) -> dict:
    brand = Brand.objects.filter(pk=1).first()
    if brand is not None:
        if brand.tagline == TAGLINE and not brand.tagline_nl:  # a demo loaded before taglines had a Dutch field
            brand.tagline_nl = TAGLINE_NL
            brand_update(brand=brand)
        out("brand: already set")
        return {"brand": 0}
    brand_update(
        brand=Brand(
            name="Velora",
            tagline=TAGLINE,
            tagline_nl=TAGLINE_NL,
            primary_color="#0e5c4a",
            accent_color="#b4451b",
            support_email="support@velora.example",
            footer_links=[
                {"label": "velora.example", "url": "https://velora.example/"},
                {"label": "Privacy", "url": "https://velora.example/privacy"},
                {"label": "Find a dealer", "label_nl": "Vind een dealer", "url": "https://velora.example/dealers"},
            ],
            default_language="nl",
        )
    )
    out("brand: Velora")
    return {"brand": 1}
