"""One small function per kind of email lives in the app that sends it; this
module is the shared way to render and send one from
``templates/emails/<name>-subject.txt``, ``-body.txt`` and ``-body.html``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send(name: str, to: str, context: dict, *, language: str | None = None, headers: dict | None = None) -> None:
    from branding.services import brand_get

    brand = brand_get()
    ctx = {"brand": brand, "site_url": settings.SITE_URL, **context}
    with translation.override(language or brand.default_language):
        subject = render_to_string(f"emails/{name}-subject.txt", ctx).strip()
        text = render_to_string(f"emails/{name}-body.txt", ctx)
        try:
            html = render_to_string(f"emails/{name}-body.html", ctx)
        except TemplateDoesNotExist:
            html = None
    from_email = f"{brand.name} <{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}>"
    message = EmailMultiAlternatives(subject, text, from_email, [to], headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
