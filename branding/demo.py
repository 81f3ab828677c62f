from branding.models import Brand
from branding.services import brand_update


def load(out) -> dict:
    if Brand.objects.filter(pk=1).exists():
        out("brand: already set")
        return {"brand": 0}
    brand_update(
        brand=Brand(
            name="Velora",
            tagline="E-bikes built in Utrecht. Questions answered by riders and our team.",
            tagline_nl="E-bikes gebouwd in Utrecht. Vragen beantwoord door rijders en ons team.",
            primary_color="#0e5c4a",
            accent_color="#b4451b",
            support_email="support@velora.example",
            footer_links=[
                {"label": "velora.example", "url": "https://velora.example/"},
                {"label": "Privacy", "url": "https://velora.example/privacy"},
                {"label": "Dealer locator", "url": "https://velora.example/dealers"},
            ],
            default_language="nl",
        )
    )
    out("brand: Velora")
    return {"brand": 1}
