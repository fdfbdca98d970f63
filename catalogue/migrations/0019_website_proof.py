from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from catalogue.migrations._enums import WebsiteCheck

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0018_audit_checkpoints')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organisation',
            name='website_checked_at',
            field=fields.DatetimeField(null=True, description='When its website was last asked for its list of code-host accounts (/.well-known/opentenzij.json), at most daily.', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Organisation',
            name='website_check',
            field=fields.CharEnumField(null=True, description='How that check went.', enum_type=WebsiteCheck, max_length=20),
        ),
        ops.AddField(
            model_name='Organisation',
            name='website_check_detail',
            field=fields.TextField(null=True, description='What the website answered, in words (a status, what was wrong).', unique=False),
        ),
        ops.AddField(
            model_name='Organisation',
            name='website_proof',
            field=fields.JSONField(null=True, description='The last list that proved something: the file\'s address and the accounts it listed. Kept while checks fail, dropped when the file is gone.'),
        ),
    ]
