"""URLs of the whole platform: health probes, the API, and the bilingual pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from vigilance.api import api
from vigilance.core import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("vigilance.intake.urls")),
    prefix_default_language=True,
)
