"""The indicators' pages: the public check and its dispute form, and the analysts' pages."""

from vigilance.indicators import urls_public, urls_staff

app_name = "indicators"

urlpatterns = [*urls_public.urlpatterns, *urls_staff.urlpatterns]
