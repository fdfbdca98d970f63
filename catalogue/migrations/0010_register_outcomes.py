from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0009_vulnerabilities')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Decision',
            name='public_at',
            field=fields.CharField(default='', description='Already public: where (repository, commit).', max_length=300),
        ),
    ]
