"""Objectives existed once for the whole association; they now belong to a programme.

Existing ones go to the earliest programme, the one their outcomes were written for.
"""

from django.db import migrations


def to_earliest_programme(apps, schema_editor):
    Objective = apps.get_model("reporting", "Objective")
    Programme = apps.get_model("grants", "Programme")
    orphans = Objective.objects.filter(programme__isnull=True)
    if not orphans.exists():
        return
    earliest = Programme.objects.order_by("start_date", "pk").first()
    if earliest is None:
        raise RuntimeError("Objectives exist but no programme does: create a programme before migrating.")
    orphans.update(programme=earliest)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0001_initial"),
        ("reporting", "0007_objective_programme_programme_values_narrative"),
    ]

    operations = [migrations.RunPython(to_earliest_programme, migrations.RunPython.noop)]
