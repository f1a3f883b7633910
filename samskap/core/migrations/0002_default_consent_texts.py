"""Version 1 of the consent texts a participant sees when joining, in all four languages."""

from django.db import migrations

TEXTS = {
    "participation": {
        "nb": "Jeg vil delta. Det jeg skriver, lagres av arrangøren og brukes i dette arbeidet.",
        "nn": "Eg vil delta. Det eg skriv, blir lagra av arrangøren og brukt i dette arbeidet.",
        "sv": "Jag vill delta. Det jag skriver sparas av arrangören och används i det här arbetet.",
        "en": "I want to take part. What I write is stored by the organiser and used in this work.",
    },
    "use_in_reports": {
        "nb": "Det jeg skriver, kan siteres uten navn i rapporter og notater til politikere.",
        "nn": "Det eg skriv, kan siterast utan namn i rapportar og notat til politikarar.",
        "sv": "Det jag skriver får citeras utan namn i rapporter och underlag till politiker.",
        "en": "What I write may be quoted without my name in reports and notes to politicians.",
    },
    "contact": {
        "nb": "Arrangøren kan kontakte meg senere om dette arbeidet.",
        "nn": "Arrangøren kan kontakte meg seinare om dette arbeidet.",
        "sv": "Arrangören får kontakta mig senare om det här arbetet.",
        "en": "The organiser may contact me later about this work.",
    },
}


def add_texts(apps, schema_editor):
    ConsentText = apps.get_model("core", "ConsentText")
    for purpose, by_language in TEXTS.items():
        for language, text in by_language.items():
            ConsentText.objects.get_or_create(
                purpose=purpose,
                version=1,
                language=language,
                defaults={"text": text, "required": purpose == "participation"},
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
