"""URLs of the whole platform: health probes, the API, and the bilingual pages."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from vigilance.alerts.views import public as alerts_public
from vigilance.api import api
from vigilance.core import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    # For partners' systems, outside the language prefix: TAXII 2.1 and MISP feeds.
    path("taxii2/", include("vigilance.exchange.urls_taxii")),
    path("misp/", include("vigilance.exchange.urls_misp")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", alerts_public.home, name="home"),
    path("advice/", views.advice, name="advice"),
    path("helpline/", views.helpline, name="helpline"),
    path("", include("vigilance.intake.urls")),
    # Before the cases: "staff/cases/<id>/requisitions/" is not one of the case's actions.
    path("", include("vigilance.requisitions.urls")),
    path("", include("vigilance.alerts.urls")),
    path("", include("vigilance.alerts.urls_subscriptions")),
    path("", include("vigilance.alerts.urls_guidance")),
    path("", include("vigilance.alerts.urls_waves")),
    path("", include("vigilance.stats.urls")),
    path("", include("vigilance.stats.urls_staff")),
    path("", include("vigilance.exchange.urls")),
    path("", include("vigilance.cases.urls")),
    path("", include("vigilance.intake.urls_counter")),
    path("", include("vigilance.audit.web.urls")),
    path("", include("vigilance.directory.urls")),
    path("", include("vigilance.indicators.urls")),
    path("", include("vigilance.accounts.urls")),
    prefix_default_language=True,
)

handler404 = "vigilance.core.views.page_not_found"
handler403 = "vigilance.core.views.permission_denied"
handler500 = "vigilance.core.views.server_error"
