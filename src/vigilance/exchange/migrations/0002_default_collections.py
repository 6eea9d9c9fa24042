"""The collections every installation starts with: one per marking a partner may receive.

AMBER+STRICT collections are made per owning organisation when needed; RED has none.
"""

from django.db import migrations

COLLECTIONS = [
    (
        "confirmed-clear",
        "clear",
        "Identifiants frauduleux confirmés (TLP:CLEAR)",
        "Confirmed fraud identifiers (TLP:CLEAR)",
        "Ce que la plateforme publie sans restriction.",
        "What the platform publishes without restriction.",
    ),
    (
        "confirmed-green",
        "green",
        "Identifiants frauduleux confirmés (TLP:GREEN)",
        "Confirmed fraud identifiers (TLP:GREEN)",
        "Pour toute la communauté des partenaires, pas pour le public.",
        "For the whole community of partners, not for the public.",
    ),
    (
        "confirmed-amber",
        "amber",
        "Identifiants frauduleux confirmés (TLP:AMBER)",
        "Confirmed fraud identifiers (TLP:AMBER)",
        "Pour les partenaires désignés pour leur besoin d'en connaître.",
        "For the partners named for their need to know.",
    ),
]


def create(apps, schema_editor):
    collection = apps.get_model("exchange", "ExchangeCollection")
    for slug, tlp, title_fr, title_en, description_fr, description_en in COLLECTIONS:
        collection.objects.get_or_create(
            slug=slug,
            defaults={
                "tlp": tlp,
                "title_fr": title_fr,
                "title_en": title_en,
                "description_fr": description_fr,
                "description_en": description_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
