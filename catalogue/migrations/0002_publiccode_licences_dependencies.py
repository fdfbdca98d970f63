from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from catalogue.migrations._enums import DependencySource
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SbomDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', description='The software the document describes.', db_constraint=True, to_field='id', related_name='sboms', on_delete=OnDelete.CASCADE)),
                ('repository', fields.ForeignKeyField('catalogue.Repository', source_field='repository_id', null=True, description='The repository whose dependency graph gave it, for a harvested SBOM.', db_constraint=True, to_field='id', related_name='sboms', on_delete=OnDelete.SET_NULL)),
                ('source', fields.CharEnumField(description='Uploaded, or harvested from a code host.', enum_type=DependencySource, max_length=20)),
                ('name', fields.CharField(description="The document's own name.", max_length=300)),
                ('spdx_version', fields.CharField(description='SPDX version, e.g. SPDX-2.3.', max_length=20)),
                ('format', fields.CharField(description='File format it came in.', max_length=20)),
                ('namespace', fields.CharField(null=True, description='Document namespace.', max_length=500)),
                ('component_count', fields.IntField(default=0, description='Components it lists.')),
                ('warnings', fields.JSONField(default=list, description='Validation messages, kept as warnings.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('added_by', fields.CharField(description='Who gave it (user or system actor).', max_length=320)),
                ('created_at', fields.DatetimeField(description='When it was stored.', auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sbom_document', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'An SPDX document (software bill of materials) given for a software entry.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Dependency',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', description='The software that uses the component.', db_constraint=True, to_field='id', related_name='dependencies', on_delete=OnDelete.CASCADE)),
                ('sbom', fields.ForeignKeyField('catalogue.SbomDocument', source_field='sbom_id', null=True, description='The SBOM that lists it (none for a publiccode.yml declaration).', db_constraint=True, to_field='id', related_name='components', on_delete=OnDelete.CASCADE)),
                ('source', fields.CharEnumField(description='Where it came from.', enum_type=DependencySource, max_length=20)),
                ('key', fields.CharField(description='The component across versions: purl without version, or name:<name>.', max_length=300)),
                ('name', fields.CharField(description='Component name.', max_length=300)),
                ('version', fields.CharField(null=True, description='Version or version range.', max_length=200)),
                ('purl', fields.CharField(null=True, description='Package URL, verbatim.', max_length=1000)),
                ('kind', fields.CharField(default='package', description='package (SBOM), or open, proprietary or hardware (publiccode.yml).', max_length=20)),
                ('licence_concluded', fields.CharField(null=True, description="Licence the SBOM's author concluded.", max_length=1000)),
                ('licence_declared', fields.CharField(null=True, description="Licence the component's authors declared.", max_length=1000)),
            ],
            options={'table': 'dependency', 'app': 'catalogue', 'indexes': [Index(fields=['key', 'software_id']), Index(fields=['software_id', 'source'])], 'pk_attr': 'id', 'table_description': 'One component a software entry depends on, from an SBOM or its publiccode.yml.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Repository',
            name='licence_file',
            field=fields.CharField(null=True, description="SPDX licence found in the repository's licence file, when recognised.", max_length=300),
        ),
        ops.AddField(
            model_name='Repository',
            name='publiccode_check',
            field=fields.JSONField(null=True, description='Validation of its publiccode.yml: version, valid, problems. None without one.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Software',
            name='categories',
            field=fields.JSONField(null=True, default=list, description='Categories from publiccode.yml.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Software',
            name='findings',
            field=fields.JSONField(null=True, default=list, description='What the catalogue noticed, e.g. licences that disagree between sources.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Software',
            name='platforms',
            field=fields.JSONField(null=True, default=list, description='Platforms from publiccode.yml.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Software',
            name='publiccode_check',
            field=fields.JSONField(null=True, description='Validation of that publiccode.yml: version, valid, problems. None if none.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Software',
            name='software_type',
            field=fields.CharField(null=True, description='softwareType of publiccode.yml, e.g. standalone/web.', max_length=30),
        ),
    ]
