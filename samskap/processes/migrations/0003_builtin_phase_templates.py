from django.db import migrations

from samskap.processes.phase_templates import install_builtin_templates


class Migration(migrations.Migration):
    dependencies = [("processes", "0002_phases_activities_challenge_picture")]

    operations = [migrations.RunPython(install_builtin_templates, migrations.RunPython.noop)]
