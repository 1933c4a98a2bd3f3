"""directory provenance: where each service came from and when it was last checked

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alternate_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("eligibility_description", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("feed", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("last_checked", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_service_feed"), ["feed"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_last_checked"), ["last_checked"])


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_last_checked"))
        batch_op.drop_index(batch_op.f("ix_service_feed"))
        for column in (
            "last_checked",
            "content_hash",
            "feed",
            "eligibility_description",
            "alternate_name",
        ):
            batch_op.drop_column(column)
