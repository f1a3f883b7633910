from django.db import migrations

from samskap.methods.builtin import install_builtin_methods


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_method_guides_and_courses")]

    operations = [migrations.RunPython(install_builtin_methods, migrations.RunPython.noop)]
