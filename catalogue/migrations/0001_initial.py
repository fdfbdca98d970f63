from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from catalogue.models import DevelopmentStatus, ForgeKind, MaintenanceType, OrganisationKind, RecordSource, ReleaseStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(description='When it happened.', auto_now=False, auto_now_add=True)),
                ('actor', fields.CharField(description='Who did it: user:<id>, cli, system:<job>.', max_length=200)),
                ('action', fields.CharField(db_index=True, description='Tag shaped subject:object:action, e.g. catalogue:software:create.', max_length=100)),
                ('target_type', fields.CharField(description='Model of the row written.', max_length=50)),
                ('target_id', fields.CharField(description='Primary key of the row written.', max_length=50)),
                ('before', fields.JSONField(null=True, description='Changed fields before the write.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, description='Changed fields after the write.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('previous_hash', fields.CharField(description='Hash of the event before this one.', max_length=64)),
                ('hash', fields.CharField(unique=True, description='SHA-256 over this event and previous_hash.', max_length=64)),
            ],
            options={'table': 'audit_event', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'One write to the catalogue: who did what to which row, with the values before and after.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organisation',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, description='URL name, e.g. gemeente-utrecht.', max_length=100)),
                ('name', fields.CharField(description='Official name, in Dutch.', max_length=200)),
                ('kind', fields.CharEnumField(description='Kind of government body.', enum_type=OrganisationKind, max_length=30)),
                ('tooi_uri', fields.CharField(null=True, unique=True, description='TOOI identifier (Thesaurus en Ontologie Overheidsinformatie) of the body.', max_length=200)),
                ('oin', fields.CharField(null=True, unique=True, description='OIN (Organisatie-identificatienummer): number of the body in Digikoppeling.', max_length=20)),
                ('roo_id', fields.CharField(null=True, description='Number in the Register van Overheidsorganisaties.', max_length=20)),
                ('publisher_id', fields.CharField(null=True, unique=True, description='Identifier in the publishers list this row was imported from, if any.', max_length=64)),
                ('website', fields.CharField(null=True, description='Home page of the body.', max_length=300)),
                ('source', fields.CharEnumField(default=RecordSource.REGISTRATION, description='Where this row came from.', enum_type=RecordSource, max_length=20)),
            ],
            options={'table': 'organisation', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A Dutch government body (or a body of governments) that owns software.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CodeHostAccount',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('catalogue.Organisation', source_field='organisation_id', description='The organisation that owns the account.', db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.CASCADE)),
                ('forge', fields.CharEnumField(description='Software of the code host.', enum_type=ForgeKind, max_length=10)),
                ('base_url', fields.CharField(description='Web address of the code host, e.g. https://github.com.', max_length=200)),
                ('name', fields.CharField(description='Account, organisation or group path on the host.', max_length=200)),
                ('name_key', fields.CharField(description='The name in lower case, for lookups.', max_length=200)),
                ('is_group', fields.BooleanField(default=True, description='An organisation/group, not a personal account.')),
            ],
            options={'table': 'code_host_account', 'app': 'catalogue', 'unique_together': (('base_url', 'name_key'),), 'pk_attr': 'id', 'table_description': 'An account or group on a code host under which an organisation publishes repositories.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Software',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(description='Name of the software.', max_length=200)),
                ('organisation', fields.ForeignKeyField('catalogue.Organisation', source_field='organisation_id', description='The organisation that owns the software.', db_constraint=True, to_field='id', related_name='software', on_delete=OnDelete.RESTRICT)),
                ('description_nl', fields.TextField(default='', description='Description in Dutch.', unique=False)),
                ('description_en', fields.TextField(default='', description='Description in English.', unique=False)),
                ('release_status', fields.CharEnumField(default=ReleaseStatus.UNDECIDED, db_index=True, description='Whether the source code is released.', enum_type=ReleaseStatus, max_length=20)),
                ('licence', fields.CharField(null=True, description='Normalised SPDX licence expression, e.g. EUPL-1.2.', max_length=300)),
                ('licence_declared', fields.CharField(null=True, description='The licence as declared, verbatim, before normalising.', max_length=300)),
                ('development_status', fields.CharEnumField(null=True, description='Development stage.', enum_type=DevelopmentStatus, max_length=20)),
                ('maintenance_type', fields.CharEnumField(null=True, description='Who maintains the software.', enum_type=MaintenanceType, max_length=20)),
                ('homepage', fields.CharField(null=True, description='Web page about the software.', max_length=300)),
                ('publiccode_yml', fields.TextField(null=True, description='The publiccode.yml of the software, verbatim as found.', unique=False)),
                ('source', fields.CharEnumField(default=RecordSource.REGISTRATION, description='Where this entry came from.', enum_type=RecordSource, max_length=20)),
                ('sort_name', fields.CharField(default='', description='The name case-folded, kept by save(), so that lists sort as people expect.', max_length=200)),
                ('search_text', fields.TextField(default='', description='Name and descriptions in lower case, kept by save(), for free-text search.', unique=False)),
            ],
            options={'table': 'software', 'app': 'catalogue', 'indexes': [Index(fields=['sort_name', 'id']), Index(fields=['created_at', 'id']), Index(fields=['updated_at', 'id']), Index(fields=['organisation_id'])], 'pk_attr': 'id', 'table_description': 'A catalogue entry: one piece of software of an organisation, released or not.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Repository',
            fields=[
                ('created_at', fields.DatetimeField(description='When the row was created.', auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(description='When the row last changed.', auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', null=True, description='The catalogue entry the repository belongs to.', db_constraint=True, to_field='id', related_name='repositories', on_delete=OnDelete.SET_NULL)),
                ('account', fields.ForeignKeyField('catalogue.CodeHostAccount', source_field='account_id', null=True, description='The code-host account that holds the repository.', db_constraint=True, to_field='id', related_name='repositories', on_delete=OnDelete.SET_NULL)),
                ('forge', fields.CharEnumField(description='Software of the code host.', enum_type=ForgeKind, max_length=10)),
                ('url', fields.CharField(unique=True, description='Canonical web address.', max_length=400)),
                ('full_name', fields.CharField(description='Path on the host, e.g. MinBZK/woo-besluit.', max_length=300)),
                ('description', fields.TextField(default='', description='Description as published on the host.', unique=False)),
                ('homepage', fields.CharField(null=True, description='Home page given on the host.', max_length=400)),
                ('topics', fields.JSONField(default=list, description='Topics given on the host.', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('default_branch', fields.CharField(null=True, description='Default branch.', max_length=200)),
                ('stars', fields.IntField(default=0, description='Stars (GitHub) or star count (GitLab).')),
                ('forks', fields.IntField(default=0, description='Number of forks.')),
                ('archived', fields.BooleanField(default=False, description='Archived (read-only) on the host.')),
                ('fork_of', fields.CharField(null=True, description='URL of the parent, if a fork.', max_length=400)),
                ('licence_forge', fields.CharField(null=True, description='Licence the code host reports (SPDX id), verbatim.', max_length=100)),
                ('has_publiccode', fields.BooleanField(default=False, description='Has a publiccode.yml at its root.')),
                ('last_activity_at', fields.DatetimeField(null=True, description='Last push or activity on the host.', auto_now=False, auto_now_add=False)),
                ('active', fields.BooleanField(default=True, description='Still present on the host at the last look.')),
                ('first_seen_at', fields.DatetimeField(description='When the catalogue first saw it.', auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(null=True, description='When a harvest last saw it on the host.', auto_now=False, auto_now_add=False)),
                ('source', fields.CharEnumField(default=RecordSource.REGISTRATION, description='Where this row came from.', enum_type=RecordSource, max_length=20)),
            ],
            options={'table': 'repository', 'app': 'catalogue', 'indexes': [Index(fields=['software_id']), Index(fields=['account_id'])], 'pk_attr': 'id', 'table_description': 'A source-code repository on a code host. It belongs to at most one software entry.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='RepositoryLanguage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('repository', fields.ForeignKeyField('catalogue.Repository', source_field='repository_id', description='The repository.', db_constraint=True, to_field='id', related_name='languages', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(description='Language name as the host spells it.', max_length=60)),
                ('key', fields.CharField(description='The name in lower case.', max_length=60)),
                ('position', fields.SmallIntField(default=0, description='0 for the primary language.')),
            ],
            options={'table': 'repository_language', 'app': 'catalogue', 'unique_together': (('repository', 'key'),), 'indexes': [Index(fields=['key', 'repository_id'])], 'pk_attr': 'id', 'table_description': 'A programming language found in a repository, in the order the host ranks them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SoftwareLicence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', description='The software whose expression names the licence.', db_constraint=True, to_field='id', related_name='licences', on_delete=OnDelete.CASCADE)),
                ('identifier', fields.CharField(description='SPDX licence identifier.', max_length=100)),
            ],
            options={'table': 'software_licence', 'app': 'catalogue', 'unique_together': (('software', 'identifier'),), 'indexes': [Index(fields=['identifier', 'software_id'])], 'pk_attr': 'id', 'table_description': "One licence identifier that occurs in a software's licence expression (for filtering)."},
            bases=['Model'],
        ),
    ]
