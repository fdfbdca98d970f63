from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from catalogue.migrations._enums import DecisionState
from catalogue.migrations._enums import DecisionOutcome as Outcome
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0002_publiccode_licences_dependencies')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Decision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', description='The software the decision is about.', db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.RESTRICT)),
                ('organisation', fields.ForeignKeyField('catalogue.Organisation', source_field='organisation_id', description="The organisation that decides (the software's owner when drafted).", db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.RESTRICT)),
                ('version', fields.IntField(description='1 for the first version, counting per software.')),
                ('state', fields.CharEnumField(default=DecisionState.DRAFT, description='Where it stands.', enum_type=DecisionState, max_length=20)),
                ('outcome', fields.CharEnumField(description='What is released.', enum_type=Outcome, max_length=20)),
                ('summary', fields.TextField(default='', description='The decision in brief, for the public.', unique=False)),
                ('items', fields.JSONField(default=list, description='Scope items: what is released or withheld, with grounds and other reasons.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('licence', fields.CharField(null=True, description='SPDX licence of what is released.', max_length=300)),
                ('open_later_date', fields.DateField(null=True, description='When the code is to be opened.')),
                ('open_later_trigger', fields.TextField(default='', description='The event upon which the code is to be opened.', unique=False)),
                ('decided_on', fields.DateField(null=True, description='Date of the decision.')),
                ('published_on', fields.DateField(null=True, description='Date it entered the register.')),
                ('review_on', fields.DateField(null=True, description='When it is reviewed: at most five years after the decision.')),
                ('advisers', fields.TextField(default='', description='Who advised, e.g. the CISO or the FG.', unique=False)),
                ('drafted_by', fields.ForeignKeyField('catalogue.User', source_field='drafted_by_id', null=True, description='Who started this version.', db_constraint=True, to_field='id', related_name='decisions_drafted', on_delete=OnDelete.SET_NULL)),
                ('decider', fields.ForeignKeyField('catalogue.User', source_field='decider_id', null=True, description='The publication officer who submitted it.', db_constraint=True, to_field='id', related_name='decisions_decided', on_delete=OnDelete.SET_NULL)),
                ('approver', fields.ForeignKeyField('catalogue.User', source_field='approver_id', null=True, description='The second officer who approved it (never the decider).', db_constraint=True, to_field='id', related_name='decisions_approved', on_delete=OnDelete.SET_NULL)),
                ('rejection_reason', fields.TextField(default='', description='Why the last submission was sent back to draft.', unique=False)),
                ('review_reason', fields.TextField(default='', description='At a review: why keeping it closed still prevails despite the time passed.', unique=False)),
                ('supersedes', fields.ForeignKeyField('catalogue.Decision', source_field='supersedes_id', null=True, description='The version this one replaces.', db_constraint=True, to_field='id', related_name='superseded_by', on_delete=OnDelete.RESTRICT)),
                ('lock_version', fields.IntField(default=0, description='Raised by every write: a write based on an older one conflicts.')),
                ('is_example', fields.BooleanField(default=False, description='Demo data: an example, not a decision of the organisation.')),
                ('created_at', fields.DatetimeField(description='When it was started.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When it last changed.', auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'decision', 'app': 'catalogue', 'unique_together': (('software_id', 'version'),), 'indexes': [Index(fields=['state', 'decided_on']), Index(fields=['organisation_id', 'state'])], 'pk_attr': 'id', 'table_description': 'One version of the release decision on a software entry.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DecisionGround',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('decision', fields.ForeignKeyField('catalogue.Decision', source_field='decision_id', description='The decision version that applies it.', db_constraint=True, to_field='id', related_name='grounds', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(description='Ground code, e.g. woo-5.1.2.d.', max_length=30)),
            ],
            options={'table': 'decision_ground', 'app': 'catalogue', 'indexes': [Index(fields=['code', 'decision_id'])], 'pk_attr': 'id', 'table_description': "One Woo ground applied somewhere in a decision version (for the register's filters)."},
            bases=['Model'],
        ),
        # The release status now follows the decision in the register; before it, no entry
        # had a decision, so every entry is undecided.
        ops.RunSQL(
            "UPDATE software SET release_status = 'undecided'",
            reverse_sql="SELECT 1",
        ),
    ]
