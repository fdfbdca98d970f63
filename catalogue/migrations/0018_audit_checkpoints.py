from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0017_quality')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('events', fields.BigIntField(description='How many events the trail held.')),
                ('head', fields.CharField(description='The hash of the newest event.', max_length=64)),
                ('signed_at', fields.CharField(description='When it was signed (ISO 8601).', max_length=40)),
                ('public_key', fields.CharField(description='The signing key (base64).', max_length=64)),
                ('signature', fields.CharField(description='The signature (base64).', max_length=128)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_checkpoint', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A signed checkpoint of the trail, kept so that the site can publish every one it made'},
            bases=['Model'],
        ),
    ]
