import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_budget_lines"),
        ("reporting", "0008_objectives_to_earliest_programme"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objective",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="objectives",
                to="grants.programme",
                verbose_name="programme",
            ),
        ),
    ]
