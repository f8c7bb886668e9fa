from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="submission",
            name="submission_state_valid",
        ),
        migrations.AlterField(
            model_name="submission",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("ready", "Awaiting sign-off"),
                    ("submitted", "Submitted"),
                    ("verified", "Verified"),
                    ("returned", "Returned"),
                    ("locked", "Locked"),
                ],
                default="draft",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state__in", ["draft", "ready", "submitted", "verified", "returned", "locked"])
                ),
                name="submission_state_valid",
            ),
        ),
    ]
