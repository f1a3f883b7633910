"""Write paths for core data. Each service validates, runs in one transaction
and records an audit entry; views, commands and tasks call these."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core import totp
from samskap.core.audit import audit_record
from samskap.core.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    ConsentRecord,
    ConsentText,
    ExternalIdentity,
    IdentityProvider,
    JoinCode,
    Membership,
    Organisation,
    Participant,
    TwoFactor,
    User,
)
from samskap.core.validators import validate_org_number


def organisation_create(*, actor: User | None, **fields: Any) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    validate_org_number(organisation.country, organisation.org_number)
    with transaction.atomic():
        organisation.save()
        audit_record(action="organisation.create", actor=actor, obj=organisation, organisation_id=organisation.pk)
    return organisation


def organisation_update(*, actor: User, organisation: Organisation, changed: list[str]) -> Organisation:
    """Save the fields a settings form changed on `organisation`, and log which."""
    organisation.full_clean()
    validate_org_number(organisation.country, organisation.org_number)
    with transaction.atomic():
        organisation.save(update_fields=changed or None)
        audit_record(
            action="organisation.update",
            actor=actor,
            obj=organisation,
            organisation_id=organisation.pk,
            detail={"fields": sorted(changed)},
        )
    return organisation


def user_create(*, email: str, full_name: str, password: str | None, language: str = "") -> User:
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name, language=language)
        audit_record(action="user.create", actor=None, obj=user)
    return user


def membership_grant(*, actor: User | None, organisation: Organisation, user: User, role: str) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        if created:
            audit_record(
                action="membership.grant",
                actor=actor,
                obj=membership,
                organisation_id=organisation.pk,
                detail={"user": user.pk, "role": role},
            )
    return membership


def membership_revoke(*, actor: User, membership: Membership) -> None:
    """Remove one role. An organisation always keeps at least one owner."""
    with transaction.atomic():
        if membership.role == "owner":
            owners = Membership.objects.select_for_update().filter(organisation=membership.organisation, role="owner")
            if owners.count() <= 1:
                raise ValidationError(_("An organisation must keep at least one owner."))
        audit_record(
            action="membership.revoke",
            actor=actor,
            obj=membership,
            organisation_id=membership.organisation_id,
            detail={"user": membership.user_id, "role": membership.role},
        )
        membership.delete()


def membership_touch(*, user: User) -> None:
    """Note that a user's roles were used now (for the access review)."""
    Membership.objects.filter(user=user).update(last_used_at=timezone.now())


def random_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def join_code_create(
    *,
    actor: User | None,
    organisation: Organisation,
    target: models.Model,
    expires_at: datetime | None = None,
    allow_names: bool = True,
    code: str | None = None,
) -> JoinCode:
    """A new code for `target`. `code` fixes the code (demo data, tests)."""
    # 25^6 ≈ 244 million codes; a collision is rare, and a retry settles it.
    for _attempt in range(1 if code else 10):
        try:
            with transaction.atomic():
                join_code = JoinCode.objects.create(
                    code=code or random_join_code(),
                    organisation=organisation,
                    target=target,
                    expires_at=expires_at,
                    allow_names=allow_names,
                )
                audit_record(action="join_code.create", actor=actor, obj=join_code, organisation_id=organisation.pk)
                return join_code
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free join code.")


def _new_pseudonym() -> str:
    return "P-" + "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


def participant_join(
    *,
    join_code: JoinCode,
    display_name: str = "",
    role_label: str = "",
    consents: Sequence[ConsentText],
    entered_by: User | None = None,
) -> Participant:
    """Create a participant in the space a join code opens, with the consents
    they gave. Refuses if a required consent is missing."""
    if not join_code.is_open():
        raise ValidationError(_("This code is no longer open."))
    given_purposes = {c.purpose for c in consents}
    required = ConsentText.objects.filter(required=True).values_list("purpose", flat=True).distinct()
    if missing := set(required) - given_purposes:
        raise ValidationError(_("You must agree to the terms for taking part."), params={"missing": missing})
    participant = Participant(
        join_code=join_code,
        organisation=join_code.organisation,
        display_name=display_name.strip() if join_code.allow_names else "",
        role_label=role_label,
        entered_by=entered_by,
        pseudonym=_new_pseudonym(),
    )
    participant.full_clean(exclude=["pseudonym"])
    with transaction.atomic():
        participant.save()
        ConsentRecord.objects.bulk_create([ConsentRecord(participant=participant, consent_text=c) for c in consents])
        audit_record(
            action="participant.join",
            actor=entered_by,
            actor_label=participant.pseudonym if entered_by is None else "",
            obj=participant,
            organisation_id=join_code.organisation_id,
            detail={"join_code": join_code.code, "consents": sorted(f"{c.purpose}:v{c.version}" for c in consents)},
        )
    return participant


# Sign-in through an organisation's identity provider

IDENTITY_PROVIDER_FIELDS = ("label", "issuer", "client_id", "client_secret", "scopes", "is_active")


def identity_provider_save(
    *, actor: User, organisation: Organisation, provider: IdentityProvider | None, **fields: Any
) -> IdentityProvider:
    """Create or change the organisation's provider. An empty client secret keeps the one
    stored; the audit entry names the fields changed, never the secret's value."""
    provider = provider or IdentityProvider(organisation=organisation)
    if not fields.get("client_secret"):
        fields.pop("client_secret", None)
    changed = sorted(name for name in fields if getattr(provider, name) != fields[name])
    for name, value in fields.items():
        setattr(provider, name, value)
    if "openid" not in provider.scopes.split():
        raise ValidationError({"scopes": _("The scopes must include openid.")})
    provider.updated_at = timezone.now()
    provider.full_clean()
    with transaction.atomic():
        created = provider.pk is None
        provider.save()
        audit_record(
            action="identity_provider.create" if created else "identity_provider.update",
            actor=actor,
            obj=provider,
            organisation_id=organisation.pk,
            detail={"fields": changed},
        )
    return provider


class ExternalSignInRefused(Exception):
    """The provider vouched for someone who has no account here (or a closed one)."""


def external_identity_sign_in(*, provider: IdentityProvider, subject: str, email: str) -> User:
    """The account a provider's verified subject signs in as. The first time, the person is
    found by e-mail among the organisation's members and the subject is remembered; nobody
    gets an account or a role by signing in — owners grant those, as for password login."""
    with transaction.atomic():
        identity = ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
        if identity is None and email:
            member = (
                User.objects.filter(email__iexact=email, memberships__organisation=provider.organisation)
                .distinct()
                .first()
            )
            if member is not None:
                identity = ExternalIdentity.objects.create(user=member, provider=provider, subject=subject)
                audit_record(
                    action="external_identity.link",
                    actor=member,
                    obj=identity,
                    organisation_id=provider.organisation_id,
                    detail={"provider": provider.pk},
                )
        if identity is not None and identity.user.is_active:
            identity.last_login_at = timezone.now()
            identity.save(update_fields=["last_login_at"])
            return identity.user
    reason = "no_member" if identity is None else "inactive"
    audit_record(
        action="user.login_refused",
        organisation_id=provider.organisation_id,
        detail={"provider": provider.pk, "reason": reason},
    )
    raise ExternalSignInRefused


# Two-factor codes for password sign-in


def two_factor_enable(*, user: User, secret: str, code: str, at: float) -> TwoFactor:
    """Turn on codes from an authenticator app, once the person shows a code from it."""
    step = totp.matching_step(secret, code, at)
    if step is None:
        raise ValidationError({"code": _("That code is not right. Type the six digits the app shows now.")})
    with transaction.atomic():
        TwoFactor.objects.filter(user=user).delete()
        device = TwoFactor.objects.create(user=user, secret=secret, last_step=step)
        audit_record(action="two_factor.enable", actor=user, obj=user)
    return device


def two_factor_check(*, user: User, code: str, at: float) -> bool:
    """Whether `code` is the person's current code, never accepting one code twice."""
    with transaction.atomic():
        device = TwoFactor.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        step = totp.matching_step(device.secret, code, at, after_step=device.last_step)
        if step is None:
            return False
        device.last_step = step
        device.save(update_fields=["last_step"])
    return True


def two_factor_disable(*, user: User, code: str, at: float) -> None:
    if not two_factor_check(user=user, code=code, at=at):
        raise ValidationError({"code": _("That code is not right. Type the six digits the app shows now.")})
    with transaction.atomic():
        TwoFactor.objects.filter(user=user).delete()
        audit_record(action="two_factor.disable", actor=user, obj=user)


def two_factor_reset(*, user: User, reason: str) -> bool:
    """For a lost phone: an operator removes the person's authenticator so they can sign in
    with their password and set up a new one. Logged with the reason."""
    with transaction.atomic():
        removed = TwoFactor.objects.filter(user=user).delete()[0] > 0
        if removed:
            audit_record(
                action="two_factor.reset", actor_label="command line", obj=user, detail={"reason": reason[:200]}
            )
    return removed
