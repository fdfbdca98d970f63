from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0004_exchange')]

    initial = False

    operations = [
        ops.AddField(
            model_name='HarvestRun',
            name='heartbeat_at',
            field=fields.DatetimeField(null=True, description='Last heartbeat of its process.', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='HarvestRun',
            name='lease_until',
            field=fields.DatetimeField(null=True, description='Until when the running harvest vouches that it lives: its heartbeat moves this on. A running run whose lease ran out is interrupted.', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Repository',
            name='mirror',
            field=fields.BooleanField(null=True, default=False, description='A mirror the host pulls from elsewhere (Forgejo, Gitea). None: harvested before the flag was read.'),
        ),
    ]
