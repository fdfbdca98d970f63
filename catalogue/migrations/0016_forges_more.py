from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from catalogue.migrations._enums import HarvestState
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0013_search')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CodeHostAccount',
            name='harvest_message',
            field=fields.TextField(null=True, description='What the forge answered, when the last harvest failed.', unique=False),
        ),
        ops.AddField(
            model_name='CodeHostAccount',
            name='harvest_requested_at',
            field=fields.DatetimeField(null=True, description="When a member of its organisation asked for a harvest now, cleared when the queue takes it up (so at most one is waiting).", auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='CodeHostAccount',
            name='harvest_state',
            field=fields.CharEnumField(default=HarvestState.NEVER, db_default=HarvestState.NEVER, description='How its last harvest went (dry runs leave it as it was).', enum_type=HarvestState, max_length=20),
        ),
        ops.AddField(
            model_name='CodeHostAccount',
            name='harvest_state_since',
            field=fields.DatetimeField(null=True, description='Since when its harvests have gone this way.', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='CodeHostAccount',
            name='harvested_at',
            field=fields.DatetimeField(null=True, description='When it was last harvested.', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='HarvestRun',
            name='summary',
            field=fields.JSONField(null=True, description='Per code host: requests made, the budget, the accounts postponed to the next run, and the accounts that failed, with why.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
