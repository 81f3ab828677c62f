from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.access import require_mfa_for_admin
from core import metrics as core_metrics
from core import views as core_views

admin.site.login = secure_admin_login(admin.site.login)
require_mfa_for_admin(admin.site)
admin.site.site_header = "Gilde"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_metrics.metrics_view, name="metrics"),
    path("outbox/", core_views.outbox, name="outbox"),
    path("outbox/<str:name>", core_views.outbox_message, name="outbox_message"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("branding.urls")),
    path("help/", include("knowledge_base.urls")),
    path("sitemap.xml", include("knowledge_base.sitemaps")),
    path("search/", include("search.urls")),
    path("community/", include("community.urls")),
    path("moderation/", include("moderation.urls")),
    path("support/", include("support.urls")),
    path("analytics/", include("analytics.urls")),
]

if settings.DEBUG:
    from core import media

    # Served with nosniff and Content-Disposition, as the front proxy does in production.
    urlpatterns += static(settings.MEDIA_URL, view=media.serve, document_root=settings.MEDIA_ROOT)
