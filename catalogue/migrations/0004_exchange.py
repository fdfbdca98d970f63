from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from catalogue.migrations._enums import DeliveryStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0003_decision_register')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Collection',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, description='Name in addresses.', max_length=100)),
                ('title_nl', fields.CharField(description='Title in Dutch.', max_length=200)),
                ('title_en', fields.CharField(default='', description='Title in English.', max_length=200)),
                ('description_nl', fields.TextField(default='', description='What it is for, in Dutch.', unique=False)),
                ('description_en', fields.TextField(default='', description='What it is for, in English.', unique=False)),
                ('created_by', fields.ForeignKeyField('catalogue.User', source_field='created_by_id', null=True, description='The administrator who made it.', db_constraint=True, to_field='id', related_name='collections', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'collection', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A curated list of catalogue entries, e.g. the components of a workplace suite.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CollectionEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('collection', fields.ForeignKeyField('catalogue.Collection', source_field='collection_id', description='The collection.', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.CASCADE)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', description='The entry listed.', db_constraint=True, to_field='id', related_name='collection_entries', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField(default=0, description='Order within the collection.')),
                ('role_nl', fields.CharField(default='', description='What it does in the collection, in Dutch.', max_length=200)),
                ('role_en', fields.CharField(default='', description='The same, in English.', max_length=200)),
            ],
            options={'table': 'collection_entry', 'app': 'catalogue', 'unique_together': (('collection_id', 'software_id'),), 'pk_attr': 'id', 'table_description': 'One catalogue entry in a collection, with its role there.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FederatedEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.OneToOneField('catalogue.Software', source_field='software_id', description='The imported entry.', db_constraint=True, to_field='id', related_name='federation', on_delete=OnDelete.CASCADE)),
                ('catalogue_url', fields.CharField(description='The export the entry was read from, as given to federate.', max_length=400)),
                ('catalogue_name', fields.CharField(default='', description='The name the other catalogue gives itself.', max_length=200)),
                ('remote_id', fields.CharField(description="The entry's identifier there.", max_length=200)),
                ('remote_url', fields.CharField(null=True, description="The entry's page in the other catalogue.", max_length=400)),
                ('remote_updated_at', fields.DatetimeField(null=True, description='When the other catalogue last changed the entry, as it says.', auto_now=False, auto_now_add=False)),
                ('first_imported_at', fields.DatetimeField(description='First import.', auto_now=False, auto_now_add=True)),
                ('imported_at', fields.DatetimeField(description='Latest import that read the entry.', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'federated_entry', 'app': 'catalogue', 'unique_together': (('catalogue_url', 'remote_id'),), 'pk_attr': 'id', 'table_description': 'Provenance of a software entry imported from another catalogue: which one, under which'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Webhook',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('url', fields.CharField(description='Where changes are POSTed.', max_length=400)),
                ('secret', fields.CharField(description='Key of the HMAC-SHA256 signature. Shown once, never logged.', max_length=100)),
                ('events', fields.JSONField(default=list, description='Kinds of change to send, or every kind when empty.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('description', fields.CharField(default='', description='What it is for.', max_length=200)),
                ('active', fields.BooleanField(default=True, description='Whether changes are sent.')),
                ('created_by', fields.ForeignKeyField('catalogue.User', source_field='created_by_id', null=True, description='The administrator who registered it.', db_constraint=True, to_field='id', related_name='webhooks', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'webhook', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'An address that is told of changes, by a signed POST.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('webhook', fields.ForeignKeyField('catalogue.Webhook', source_field='webhook_id', description='Where it goes.', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event_id', fields.BigIntField(null=True, description='The audit event it reports, if any.')),
                ('kind', fields.CharField(description='Kind of change, e.g. software.updated.', max_length=60)),
                ('payload', fields.JSONField(description='The JSON body sent.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='Where it is.', enum_type=DeliveryStatus, max_length=20)),
                ('attempts', fields.IntField(default=0, description='Attempts made so far.')),
                ('next_attempt_at', fields.DatetimeField(description='When the next attempt is due.', auto_now=False, auto_now_add=False)),
                ('last_attempt_at', fields.DatetimeField(null=True, description='When it was last tried.', auto_now=False, auto_now_add=False)),
                ('response_status', fields.IntField(null=True, description='HTTP status of the last answer.')),
                ('error', fields.TextField(default='', description='Why the last attempt failed.', unique=False)),
                ('created_at', fields.DatetimeField(description='When the change happened.', auto_now=False, auto_now_add=True)),
                ('delivered_at', fields.DatetimeField(null=True, description='When the receiver accepted it.', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'catalogue', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': "One change to send to one webhook: its payload and every attempt's outcome."},
            bases=['Model'],
        ),
    ]
