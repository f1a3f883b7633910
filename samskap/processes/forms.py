from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import DateInput
from samskap.core.models import LANGUAGE_CHOICES, Organisation, User
from samskap.processes.links import link_choices
from samskap.processes.models import (
    NAME_MAX_LENGTH,
    ActivityKind,
    ChallengeItem,
    ChallengeItemKind,
    GroupKind,
    InfluenceLevel,
    Level,
    MaterialKind,
    PhaseTemplate,
    Process,
    ProcessKind,
    StakeholderKind,
    localised,
)
from samskap.processes.services import ItemDraft, PhaseText

PUBLIC_TEXT_HELP = _("Shown to anyone on the public page. Write no names or other personal data.")


def _language() -> str:
    return (get_language() or "nb")[:2]


class TemplateChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: PhaseTemplate) -> str:
        phases = " → ".join(localised(p.names, _language()) for p in obj.phases.all())
        return f"{localised(obj.names, _language())}: {phases}"


class PartnerField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    widget = forms.CheckboxSelectMultiple


class ProcessForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProcessKind.choices)
    template = TemplateChoiceField(
        label=_("Phase template"),
        queryset=PhaseTemplate.objects.none(),
        required=False,
        empty_label=_("No phases"),
        help_text=_("The phases are copied into the process; you can go back to an earlier phase at any time."),
    )
    summary = forms.CharField(
        label=_("What the process is about"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=PUBLIC_TEXT_HELP,
    )
    partners = PartnerField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("People in partner organisations can see the process."),
    )

    def __init__(self, *args: Any, organisation: Organisation, user: Any, editing: bool = False, **kwargs: Any) -> None:
        from samskap.processes.selectors import partner_candidates, phase_templates_for

        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["template"]
        else:
            template_field = self.fields["template"]
            assert isinstance(template_field, forms.ModelChoiceField)
            template_field.queryset = phase_templates_for(organisation)
        partner_field = self.fields["partners"]
        assert isinstance(partner_field, forms.ModelMultipleChoiceField)
        current = self.initial.get("partners") or []
        allowed = set(partner_candidates(organisation, user).values_list("pk", flat=True)) | {p.pk for p in current}
        partner_field.queryset = Organisation.objects.filter(pk__in=allowed).order_by("name")


class PublicPageForm(forms.Form):
    is_published = forms.BooleanField(label=_("Publish the public page"), required=False)
    how_to_take_part = forms.CharField(
        label=_("How to take part"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        help_text=PUBLIC_TEXT_HELP,
    )
    results_so_far = forms.CharField(
        label=_("Results so far"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=PUBLIC_TEXT_HELP,
    )


class PhaseMoveForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Move to phase"), coerce=int)
    reason = forms.CharField(
        label=_("Why"),
        max_length=500,
        required=False,
        help_text=_("Needed when going back to an earlier phase."),
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase_field = self.fields["phase"]
        assert isinstance(phase_field, forms.ChoiceField)
        phase_field.choices = [
            (phase.pk, f"{phase.position}. {localised(phase.names, _language())}") for phase in process.phases.all()
        ]


class ActivityForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    link = forms.ChoiceField(label=_("Where it happens in Samskap"), required=False)
    influence_level = forms.ChoiceField(
        label=_("Level of user influence"),
        choices=[("", _("Not set")), *InfluenceLevel.choices],
        required=False,
        help_text=_("Individual: one's own care. Service: how a service works. System: plans and priorities."),
    )
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    service_users = forms.IntegerField(
        label=_("Service users who took part"), min_value=0, max_value=100000, required=False
    )
    relatives = forms.IntegerField(label=_("Relatives who took part"), min_value=0, max_value=100000, required=False)
    staff = forms.IntegerField(label=_("Staff who took part"), min_value=0, max_value=100000, required=False)
    partners = forms.IntegerField(
        label=_("Partners who took part"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("For example GPs, specialist services, NAV or Försäkringskassan."),
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase_field = self.fields["phase"]
        assert isinstance(phase_field, forms.ChoiceField)
        phase_field.choices = [
            (phase.pk, f"{phase.position}. {localised(phase.names, _language())}") for phase in process.phases.all()
        ]
        if process.current_phase_id:
            phase_field.initial = process.current_phase_id
        link_field = self.fields["link"]
        assert isinstance(link_field, forms.ChoiceField)
        link_field.choices = [("", _("Nothing in Samskap")), *link_choices(process)]

    def counts(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in ("service_users", "relatives", "staff", "partners")}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    url = forms.URLField(label=_("Link"), required=False, max_length=200, assume_scheme="https")
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=PUBLIC_TEXT_HELP,
    )


class PhaseTemplateForm(forms.Form):
    """A name and the phases, one per line, in each language the organisation writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": name}, max_length=NAME_MAX_LENGTH, required=False
            )
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"phases_{code}"] = forms.CharField(
                label=_("Phases (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
                max_length=5000,
                help_text=_("One phase per line, in order."),
            )

    @staticmethod
    def initial_for(template: PhaseTemplate) -> dict[str, str]:
        initial = {f"name_{code}": template.names.get(code, "") for code, _name in LANGUAGE_CHOICES}
        phases = list(template.phases.all())
        for code, _name in LANGUAGE_CHOICES:
            initial[f"phases_{code}"] = "\n".join(p.names.get(code, "") for p in phases).strip()
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = {
            code: [line.strip() for line in (data.get(f"phases_{code}") or "").splitlines() if line.strip()]
            for code, _name in LANGUAGE_CHOICES
        }
        counts = {len(found) for found in lines.values() if found}
        if not counts:
            raise forms.ValidationError(_("Write the phases, one per line, in at least one language."))
        if len(counts) > 1:
            raise forms.ValidationError(_("Every language must list the same number of phases."))
        if not any(data.get(f"name_{code}") for code, _name in LANGUAGE_CHOICES):
            raise forms.ValidationError(_("Give the template a name in at least one language."))
        self.phase_lines = lines
        return data

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code, _name in LANGUAGE_CHOICES}

    def phases(self) -> list[PhaseText]:
        count = max(len(found) for found in self.phase_lines.values())
        return [
            PhaseText({code: found[i] for code, found in self.phase_lines.items() if found}, {}) for i in range(count)
        ]


class ChallengeVersionForm(forms.Form):
    """The next version: every item of the last version as an editable line (empty it to
    take it out), new problem statements and target groups, and what changed and why."""

    new_problems = forms.CharField(
        label=_("New problem statements"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
        help_text=_("One per line."),
    )
    new_target_groups = forms.CharField(
        label=_("New target groups"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
        help_text=_("One per line, for example “those we do not reach”."),
    )
    change_note = forms.CharField(
        label=_("What changed and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        help_text=_("For example: tested at the workshop on 12 March; relatives added as a target group."),
    )

    def __init__(self, *args: Any, earlier: list[ChallengeItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier = earlier
        kinds = dict(ChallengeItemKind.choices)
        for item in earlier:
            self.fields[f"item_{item.key}"] = forms.CharField(
                label=f"{kinds[item.kind]} {item.position}",
                initial=item.text,
                max_length=500,
                required=False,
                help_text=_("Empty the line to take the item out."),
            )
        if not earlier:
            self.fields["change_note"].required = False

    def existing_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{item.key}"] for item in self.earlier]

    def drafts(self) -> list[ItemDraft]:
        drafts = [
            ItemDraft(item.key, item.kind, self.cleaned_data.get(f"item_{item.key}", "")) for item in self.earlier
        ]
        for field, kind in (
            ("new_problems", ChallengeItemKind.PROBLEM),
            ("new_target_groups", ChallengeItemKind.TARGET_GROUP),
        ):
            drafts.extend(
                ItemDraft(None, kind, line) for line in self.cleaned_data.get(field, "").splitlines() if line.strip()
            )
        return drafts


class EvidenceForm(forms.Form):
    link = forms.ChoiceField(label=_("Evidence"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        link_field = self.fields["link"]
        assert isinstance(link_field, forms.ChoiceField)
        link_field.choices = [("", _("Choose…")), *link_choices(process)]


# --- Governance -----------------------------------------------------------------------------


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH, required=False)


class MemberForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    user = forms.ModelChoiceField(label=_("Person with an account"), queryset=User.objects.none(), required=False)
    name = forms.CharField(label=_("Or a name"), max_length=150, required=False)
    role_title = forms.CharField(label=_("Role in the group"), max_length=150, required=False)
    represents = forms.CharField(label=_("Represents"), max_length=200, required=False)

    def __init__(self, *args: Any, process: Process, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [(g.pk, str(g)) for g in process.groups.all()]
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = people
        user_field.empty_label = _("Nobody with an account")


class MeetingForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [(g.pk, str(g)) for g in process.groups.all()]


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Date"), widget=DateInput())
    what = forms.CharField(label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    decided_by = forms.CharField(label=_("Decided by"), max_length=200, help_text=_("For example: the steering group."))
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    meeting = forms.TypedChoiceField(label=_("At the meeting"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samskap.processes.models import Meeting

        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, forms.ChoiceField)
        meetings = Meeting.objects.filter(group__process=process).select_related("group")
        meeting_field.choices = [("", _("Not at a meeting"))] + [
            (m.pk, f"{m.group} {m.held_on:%Y-%m-%d}") for m in meetings
        ]


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Who"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=StakeholderKind.choices)
    influence = forms.ChoiceField(label=pgettext_lazy("stakeholder map", "Influence"), choices=Level.choices)
    interest = forms.ChoiceField(label=_("Interest"), choices=Level.choices)
    how_to_involve = forms.CharField(label=_("How we involve them"), max_length=500, required=False)


class BenefitForm(forms.Form):
    description = forms.CharField(label=_("Benefit"), max_length=300, help_text=_("What gets better, and for whom."))
    indicator = forms.CharField(label=_("How it is measured"), max_length=300)
    baseline = forms.CharField(label=_("Baseline"), max_length=100)
    baseline_on = forms.DateField(label=_("Baseline date"), widget=DateInput(), required=False)
    target = forms.CharField(label=_("Target"), max_length=100, required=False)
    target_on = forms.DateField(label=_("Target date"), widget=DateInput(), required=False)
    owner = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    measure = forms.ChoiceField(label=_("Followed as a measure"), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure_field = self.fields["measure"]
        assert isinstance(measure_field, forms.ChoiceField)
        measures = [
            (value, title)
            for _group, options in link_choices(process)
            for value, title in options
            if value.startswith("improvement.measure:")
        ]
        measure_field.choices = [("", _("Not as a measure")), *measures]
