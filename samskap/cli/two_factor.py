"""`python -m samskap two-factor-reset EMAIL --reason TEXT`: remove a person's authenticator
app when they have lost it, so they sign in with their password and set up a new one. The
reason goes into the audit log."""

from __future__ import annotations

import argparse
import json
import sys


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap two-factor-reset", description=__doc__)
    parser.add_argument("email")
    parser.add_argument("--reason", required=True, help="why, for the audit log (e.g. the support case)")
    args = parser.parse_args(argv)
    from samskap.core.models import User
    from samskap.core.services import two_factor_reset

    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        print(f"no account with the address {args.email!r}", file=sys.stderr)
        return 2
    removed = two_factor_reset(user=user, reason=args.reason)
    print(json.dumps({"email": user.email, "two_factor_removed": removed}))
    return 0
