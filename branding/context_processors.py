from branding.colors import text_on
from branding.services import brand_get


def brand(request):
    b = brand_get()
    return {
        "brand": b,
        "brand_css": {
            "primary": b.primary_color,
            "on_primary": text_on(b.primary_color),
            "accent": b.accent_color,
            "on_accent": text_on(b.accent_color),
        },
    }
