from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0016_forges_more')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Repository',
            name='licence_texts',
            field=fields.JSONField(null=True, description='File names in its LICENSES folder. None: none or not read.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Repository',
            name='reuse_toml',
            field=fields.TextField(null=True, description='Its REUSE.toml, verbatim, if it has one.', unique=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='root_files',
            field=fields.JSONField(null=True, description="Names at the root of the default branch, folders ending in a slash. None: not read (this forge's harvest does not list them).", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Repository',
            name='security_policy',
            field=fields.CharField(null=True, description='Path of its security policy (SECURITY.md), if any.', max_length=300),
        ),
        ops.AddField(
            model_name='Webhook',
            name='organisation',
            field=fields.ForeignKeyField('catalogue.Organisation', source_field='organisation_id', null=True, description="The organisation whose admins own it: told only of that organisation's changes, including those not yet public. None: site-wide, told of public changes.", db_constraint=True, to_field='id', related_name='webhooks', on_delete=OnDelete.CASCADE),
        ),
    ]
