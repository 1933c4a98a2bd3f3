"""staff account security: sessions that end at log-out, two-factor log-in, set-up links

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recovery_codes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("setup_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("setup_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_staff_account_setup_token_hash"), ["setup_token_hash"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_account_setup_token_hash"))
        for column in (
            "setup_expires_at",
            "setup_token_hash",
            "recovery_codes",
            "totp_last_step",
            "totp_secret",
            "session_version",
        ):
            batch_op.drop_column(column)
