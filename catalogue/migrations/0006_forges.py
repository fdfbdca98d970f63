from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0004_exchange')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ScheduledJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, description='The job, e.g. harvest-all.', max_length=50)),
                ('next_due_at', fields.DatetimeField(description='When it is due next (jitter included).', auto_now=False, auto_now_add=False)),
                ('claimed_by', fields.CharField(default='', description='The instance that runs it now, if any.', max_length=100)),
                ('claimed_until', fields.DatetimeField(null=True, description='Until when that claim holds: a claim that ran out is free again.', auto_now=False, auto_now_add=False)),
                ('last_started_at', fields.DatetimeField(null=True, description='Start of the last run.', auto_now=False, auto_now_add=False)),
                ('last_finished_at', fields.DatetimeField(null=True, description='End of the last run.', auto_now=False, auto_now_add=False)),
                ('last_failed', fields.BooleanField(default=False, description='Whether the last run failed.')),
                ('last_summary', fields.TextField(default='', description='What the last run did, or why not.', unique=False)),
                ('runs', fields.IntField(default=0, description='How many runs were started.')),
            ],
            options={'table': 'scheduled_job', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A job that runs on a schedule (e.g. harvest-all daily), and the record of its last run.'},
            bases=['Model'],
        ),
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
