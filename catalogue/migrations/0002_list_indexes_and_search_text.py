from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Repository',
            index=Index(fields=['software_id']),
        ),
        ops.AddIndex(
            model_name='Repository',
            index=Index(fields=['account_id']),
        ),
        ops.AddField(
            model_name='Software',
            name='search_text',
            field=fields.TextField(default='', description='Name and descriptions in lower case, kept by save(), for free-text search.', unique=False),
        ),
        ops.AddIndex(
            model_name='Software',
            index=Index(fields=['name', 'id']),
        ),
        ops.AddIndex(
            model_name='Software',
            index=Index(fields=['created_at', 'id']),
        ),
        ops.AddIndex(
            model_name='Software',
            index=Index(fields=['updated_at', 'id']),
        ),
        ops.AddIndex(
            model_name='Software',
            index=Index(fields=['organisation_id']),
        ),
    ]
