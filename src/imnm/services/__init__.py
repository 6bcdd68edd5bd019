"""The service layer: one place per capability that loads, validates, runs, saves and audits.

The Typer commands and the web routes are two shells over these functions, so a rule is fixed
once and tested once. Each function takes the registry and, where patient data is touched, the
:class:`~imnm.services.audit.Actor` to write in the audit log.
"""
