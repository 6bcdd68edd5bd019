"""cases.ethnicity and cases.annotated, repeated from the document, and a covering index for the cohort statistics

Revision ID: 0006_case_notes_columns
Revises: 0005_accounts
Create Date: 2026-11-24

Table 1 and the summary read a record's ethnicity, and its review flags, checked fields and same-patient
link, from the stored document; parsing every document cost about half a second at 100 000 records.
The two columns say the same as the document (store.cases writes both on every write); stored records
are filled here from their documents. ix_cases_statistics holds the columns the summary and the
evidence count, so their grouped passes read the index instead of the table, whose rows carry the document;
ix_cases_table1 does the same for Table 1's rows.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_case_notes_columns"
down_revision = "0005_accounts"
branch_labels = None
depends_on = None

#: The summary's and the evidence's columns: their grouped passes read this index, not the wide table.
STATISTICS_COLUMNS = ("aggregate", "outcome_class", "sex", "age_years", "ck_iu_l", "year", "n_cases", "id")
#: Table 1's columns in table order: its rows are read from this index alone.
TABLE1_COLUMNS = ("position", "id", "article", "aggregate", "n_cases", "sex", "age_years", "ethnicity", "outcome_class")
_CASES = sa.table("cases", sa.column("id", sa.String), sa.column("document", sa.JSON),
                  sa.column("ethnicity", sa.Text), sa.column("annotated", sa.Boolean))


def _columns(document: dict) -> tuple[str | None, bool]:
    """What the two columns say of one stored document (as store.cases.annotated says of a Case)."""
    provenance = document.get("provenance") or {}
    notes = document.get("review_flags") or provenance.get("checked_fields") or provenance.get("same_patient_as")
    return document.get("ethnicity"), bool(notes)


# Plain ALTER TABLE, never Alembic's batch mode: on SQLite that rebuilds ``cases``, and dropping the old
# table under foreign keys deletes every record's features, labs, treatments and visits (ON DELETE CASCADE).


def upgrade() -> None:
    op.add_column("cases", sa.Column("ethnicity", sa.Text(), nullable=True))
    op.add_column("cases", sa.Column("annotated", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index("ix_cases_annotated", "cases", ["annotated"], unique=False)
    op.create_index("ix_cases_statistics", "cases", list(STATISTICS_COLUMNS), unique=False)
    op.create_index("ix_cases_table1", "cases", list(TABLE1_COLUMNS), unique=False)
    conn = op.get_bind()
    changed = []  # only records with an ethnicity or notes differ from the columns' defaults
    rows = conn.execute(sa.select(_CASES.c.id, _CASES.c.document).execution_options(yield_per=2000))
    for case_id, document in rows:
        ethnicity, annotated = _columns(document or {})
        if ethnicity is not None or annotated:
            changed.append({"case_id": case_id, "ethnicity": ethnicity, "annotated": annotated})
    if changed:
        conn.execute(_CASES.update().where(_CASES.c.id == sa.bindparam("case_id")).values(
            ethnicity=sa.bindparam("ethnicity"), annotated=sa.bindparam("annotated")), changed)


def downgrade() -> None:
    op.drop_index("ix_cases_table1", table_name="cases")
    op.drop_index("ix_cases_statistics", table_name="cases")
    op.drop_index("ix_cases_annotated", table_name="cases")
    op.drop_column("cases", "annotated")  # SQLite >= 3.35 drops a column in place
    op.drop_column("cases", "ethnicity")
