from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, accounts_summary


class Command(BaseCommand):
    help = "Print the URL and the demo accounts."

    def handle(self, *args, **options):
        w = self.stdout.write
        w("")
        w("=" * 64)
        w(f"  Gilde is starting at {settings.SITE_URL}/")
        w("")
        w(f"  Demo accounts (password for all: {DEMO_PASSWORD})")
        for role, email in accounts_summary():
            w(f"    {role:<18} {email}")
        w("")
        if not settings.GILDE_STAFF_MFA_REQUIRED:
            w("  The demo turns OFF the MFA requirement for staff roles")
            w("  (GILDE_STAFF_MFA_REQUIRED=0) so you can try every role at once.")
        if settings.DEBUG and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            w(f"  Emails (verification, password reset) appear at {settings.SITE_URL}/outbox/")
        w("  Ctrl-C stops the web server, the Celery worker and beat.")
        w("=" * 64)
        w("")
