from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0007_forges')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Advisory',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, description='OSV id, e.g. GHSA-….', max_length=100)),
                ('aliases', fields.JSONField(default=list, description='Other ids, e.g. CVE-2021-44228.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('summary', fields.CharField(default='', description='One line, from OSV.', max_length=500)),
                ('severity', fields.CharField(default='', description='CVSS vector(s) as OSV gives them, or empty.', max_length=300)),
                ('severity_label', fields.CharField(default='', description='LOW, MODERATE, HIGH or CRITICAL where given.', max_length=20)),
                ('published', fields.DatetimeField(null=True, description='When OSV first published it.', auto_now=False, auto_now_add=False)),
                ('modified', fields.DatetimeField(description='When OSV last changed it.', auto_now=False, auto_now_add=False)),
                ('withdrawn', fields.DatetimeField(null=True, description='When it was withdrawn, if it was.', auto_now=False, auto_now_add=False)),
                ('affected', fields.JSONField(default=list, description="OSV's affected packages and ranges.", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('references', fields.JSONField(default=list, description='Addresses to read more.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('fetched_at', fields.DatetimeField(description='When the catalogue last read it.', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'vulnerability_advisory', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A vulnerability as OSV describes it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ComponentCheck',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('query', fields.CharField(unique=True, description='ecosystem, name and version, as queried.', max_length=1000)),
                ('advisories', fields.JSONField(default=dict, description='Advisory id → modified time.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('checked_at', fields.DatetimeField(description='When OSV was last asked.', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'vulnerability_check', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'What OSV answered for one component version: its advisories with their modified times.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Exposure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dependency', fields.ForeignKeyField('catalogue.Dependency', source_field='dependency_id', description='The affected component of the entry.', db_constraint=True, to_field='id', related_name='exposures', on_delete=OnDelete.CASCADE)),
                ('advisory', fields.ForeignKeyField('catalogue.Advisory', source_field='advisory_id', description='The advisory.', db_constraint=True, to_field='id', related_name='exposures', on_delete=OnDelete.CASCADE)),
                ('fixed_version', fields.CharField(null=True, description='The least version that fixes it, if known.', max_length=200)),
                ('first_seen_at', fields.DatetimeField(description='When the catalogue found it: the embargo starts.', auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, description='When it stopped applying (upgraded, or advisory withdrawn).', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'vulnerability_exposure', 'app': 'catalogue', 'unique_together': (('dependency', 'advisory'),), 'pk_attr': 'id', 'table_description': 'One dependency of one entry that an advisory affects.'},
            bases=['Model'],
        ),
    ]
