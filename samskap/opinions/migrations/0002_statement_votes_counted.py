from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_existing_votes(apps, schema_editor):
    Statement = apps.get_model("opinions", "Statement")
    Vote = apps.get_model("opinions", "Vote")
    per_statement = (
        Vote.objects.filter(statement=OuterRef("pk")).values("statement").annotate(n=Count("pk")).values("n")
    )
    Statement.objects.update(votes_counted=Coalesce(Subquery(per_statement), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0001_opinion_maps_statements_votes"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="votes_counted",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_existing_votes, migrations.RunPython.noop),
    ]
