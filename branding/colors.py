"""WCAG 2.x contrast, to warn a manager before the brand becomes unreadable."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on the background."""
    return WHITE if contrast(WHITE, background) >= contrast("#111111", background) else "#111111"
