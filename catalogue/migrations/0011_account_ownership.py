from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0010_register_outcomes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CodeHostAccount',
            name='verified_at',
            field=fields.DatetimeField(null=True, description="Since when the account is proven to be the organisation's, if it is (else it is only claimed).", auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='CodeHostAccount',
            name='verified_by',
            field=fields.CharField(null=True, description='The proof: which file names the organisation. None while only claimed.', max_length=500),
        ),
    ]
