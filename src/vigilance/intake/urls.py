"""Public pages of reporting: the report form, the receipt, following a report."""

app_name = "intake"

urlpatterns: list = []
