from django.core.cache import cache
from django.db import transaction

from branding.colors import AA_NORMAL_TEXT, WHITE, contrast, text_on
from branding.models import Brand
from core import pagecache

CACHE_KEY = "branding:brand:v3"  # v3: allow_remote_images


def brand_get() -> Brand:
    """The brand, from the cache; the database is read only after a change."""
    brand = cache.get(CACHE_KEY)
    if brand is None:
        brand = Brand.objects.filter(pk=1).first() or Brand(pk=1)
        cache.set(CACHE_KEY, brand, None)
    return brand


def brand_update(*, brand: Brand) -> Brand:
    brand.pk = 1
    brand.save()
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    cache.delete(CACHE_KEY)
    pagecache.layout.bump()  # every cached page shows the brand
    return brand


def contrast_warnings(*, primary: str, accent: str) -> list[dict]:
    """Colour pairs the layout uses that fall below WCAG AA for normal text."""
    pairs = [
        ("primary-text", text_on(primary), primary),
        ("primary-link", primary, WHITE),
        ("accent-text", text_on(accent), accent),
    ]
    warnings = []
    for name, fg, bg in pairs:
        ratio = contrast(fg, bg)
        if ratio < AA_NORMAL_TEXT:
            warnings.append({"pair": name, "foreground": fg, "background": bg, "ratio": round(ratio, 2)})
    return warnings
