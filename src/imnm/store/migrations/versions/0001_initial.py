"""initial case registry

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-24 14:11:31.933919
"""
import sqlalchemy as sa
from alembic import op

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('case_revisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('document', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_revisions_case_id'), ['case_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('article', sa.String(length=200), nullable=True),
    sa.Column('first_author', sa.String(length=120), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('doi', sa.String(length=200), nullable=True),
    sa.Column('pmid', sa.String(length=12), nullable=True),
    sa.Column('aggregate', sa.Boolean(), nullable=False),
    sa.Column('n_cases', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age_years', sa.Float(), nullable=True),
    sa.Column('ck_iu_l', sa.Float(), nullable=True),
    sa.Column('aldolase_iu_l', sa.Float(), nullable=True),
    sa.Column('outcome_class', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_article'), ['article'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_outcome_class'), ['outcome_class'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_source_kind'), ['source_kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_year'), ['year'], unique=False)

    op.create_table('registry_meta',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('case_antibodies',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('antigen', sa.String(length=20), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('method', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_antibodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_antibodies_antigen'), ['antigen'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_antibodies_case_id'), ['case_id'], unique=False)

    op.create_table('case_features',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('feature', sa.String(length=60), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('as_written', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_features', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_features_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_features_feature'), ['feature'], unique=False)

    op.create_table('case_labs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('visit_position', sa.Integer(), nullable=True),
    sa.Column('analyte', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('reference_low', sa.Float(), nullable=True),
    sa.Column('reference_high', sa.Float(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('months_from_diagnosis', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_labs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_labs_analyte'), ['analyte'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_labs_case_id'), ['case_id'], unique=False)

    op.create_table('case_treatments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('drug', sa.String(length=40), nullable=False),
    sa.Column('drug_as_written', sa.Text(), nullable=True),
    sa.Column('dose', sa.Float(), nullable=True),
    sa.Column('dose_unit', sa.String(length=10), nullable=True),
    sa.Column('dose_given', sa.Float(), nullable=True),
    sa.Column('dose_given_unit', sa.String(length=10), nullable=True),
    sa.Column('route', sa.String(length=10), nullable=True),
    sa.Column('frequency', sa.String(length=20), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('stop', sa.Date(), nullable=True),
    sa.Column('start_month', sa.Float(), nullable=True),
    sa.Column('stop_month', sa.Float(), nullable=True),
    sa.Column('line_of_therapy', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_treatments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_treatments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_treatments_drug'), ['drug'], unique=False)

    op.create_table('case_visits',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('months_from_diagnosis', sa.Float(), nullable=True),
    sa.Column('cmas', sa.Integer(), nullable=True),
    sa.Column('mmt8', sa.Integer(), nullable=True),
    sa.Column('physician_global_activity', sa.Float(), nullable=True),
    sa.Column('patient_global_activity', sa.Float(), nullable=True),
    sa.Column('chaq', sa.Float(), nullable=True),
    sa.Column('extramuscular_activity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_visits_case_id'), ['case_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('case_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_visits_case_id'))

    op.drop_table('case_visits')
    with op.batch_alter_table('case_treatments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_treatments_drug'))
        batch_op.drop_index(batch_op.f('ix_case_treatments_case_id'))

    op.drop_table('case_treatments')
    with op.batch_alter_table('case_labs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_labs_case_id'))
        batch_op.drop_index(batch_op.f('ix_case_labs_analyte'))

    op.drop_table('case_labs')
    with op.batch_alter_table('case_features', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_features_feature'))
        batch_op.drop_index(batch_op.f('ix_case_features_case_id'))

    op.drop_table('case_features')
    with op.batch_alter_table('case_antibodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_antibodies_case_id'))
        batch_op.drop_index(batch_op.f('ix_case_antibodies_antigen'))

    op.drop_table('case_antibodies')
    op.drop_table('registry_meta')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_year'))
        batch_op.drop_index(batch_op.f('ix_cases_source_kind'))
        batch_op.drop_index(batch_op.f('ix_cases_outcome_class'))
        batch_op.drop_index(batch_op.f('ix_cases_article'))

    op.drop_table('cases')
    with op.batch_alter_table('case_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_revisions_case_id'))

    op.drop_table('case_revisions')
    
