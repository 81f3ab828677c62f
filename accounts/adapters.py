from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from accounts.ratelimits import LoginLockoutMixin


def email_site():
    """allauth's emails name ``current_site`` ("Hello from {{ site_name }}!"): the
    brand and the public address, never the host a request happened to use."""
    from branding.services import brand_get

    return SimpleNamespace(name=brand_get().name, domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL)


class AccountAdapter(LoginLockoutMixin, DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's IP rate limits key on the same address as Gilde's (core/clientip.py)."""
        from core.clientip import client_ip

        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        from branding.services import brand_get

        request = context.get("request") or allauth_context.request
        context = {**context, "brand": brand_get(), "current_site": email_site(), "site_url": settings.SITE_URL}
        if request is not None:
            # Links allauth built from the request (verification, password reset) point at SITE_URL.
            origin = request.build_absolute_uri("/")
            for key, value in list(context.items()):
                if key.endswith("_url") and isinstance(value, str) and value.startswith(origin):
                    context[key] = settings.SITE_URL + "/" + value[len(origin):]
        return super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        from branding.services import brand_get

        return f"[{brand_get().name}] {subject}"

    def get_from_email(self):
        from branding.services import brand_get

        address = settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">")
        return f"{brand_get().name} <{address}>"
