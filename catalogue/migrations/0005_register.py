from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from catalogue.migrations._enums import DecisionBasis as Basis
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0004_exchange')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Decision',
            name='basis',
            field=fields.CharEnumField(default=Basis.PROACTIVE, description="Taken proactively ('open, tenzij') or on a Woo-verzoek.", enum_type=Basis, max_length=20),
        ),
        ops.AddField(
            model_name='Decision',
            name='code_dated',
            field=fields.DateField(null=True, description='When the code covered was written or last changed (art. 5.3 Woo: age).'),
        ),
        ops.AddField(
            model_name='Decision',
            name='disclosure_only',
            field=fields.BooleanField(default=False, description='Released for transparency only, without a licence for reuse.'),
        ),
        ops.AddField(
            model_name='Decision',
            name='edited_by',
            field=fields.JSONField(default=list, description='Ids of the people who drafted or edited this version: none may approve it.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Decision',
            name='licence_exceptions',
            field=fields.TextField(default='', description='Files released under another licence, or without one.', unique=False),
        ),
        ops.AddField(
            model_name='Decision',
            name='withdrawal_proposed_by',
            field=fields.ForeignKeyField('catalogue.User', source_field='withdrawal_proposed_by_id', null=True, description='The officer who proposed the withdrawal (a second one withdraws).', db_constraint=True, to_field='id', related_name='withdrawals_proposed', on_delete=OnDelete.SET_NULL),
        ),
    ]
