from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from catalogue.migrations._enums import AppealKind, AppealOutcome, RequestStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('catalogue', '0005_register')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Appeal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('decision', fields.ForeignKeyField('catalogue.Decision', source_field='decision_id', description='The decision version it is against.', db_constraint=True, to_field='id', related_name='appeals', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='Which remedy.', enum_type=AppealKind, max_length=30)),
                ('lodged_on', fields.DateField(description='When it was lodged.')),
                ('committee', fields.BooleanField(default=False, description='Bezwaar: an advisory committee hears it (12 weeks, art. 7:10 lid 1 Awb).')),
                ('court', fields.CharField(default='', description='Which court, if any.', max_length=200)),
                ('outcome', fields.CharEnumField(default=AppealOutcome.PENDING, description='How it ended.', enum_type=AppealOutcome, max_length=20)),
                ('decided_on', fields.DateField(null=True, description='When it was decided.')),
                ('ecli', fields.CharField(default='', description="The ruling's ECLI.", max_length=80)),
                ('summary', fields.TextField(default='', description='The outcome in brief, for the public.', unique=False)),
            ],
            options={'table': 'woo_appeal', 'app': 'catalogue', 'indexes': [Index(fields=['decision_id', 'kind'])], 'pk_attr': 'id', 'table_description': 'An objection or appeal against a decision version, with its terms and outcome.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WooRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('catalogue.Organisation', source_field='organisation_id', description='The organisation that decides on it.', db_constraint=True, to_field='id', related_name='woo_requests', on_delete=OnDelete.RESTRICT)),
                ('software', fields.ForeignKeyField('catalogue.Software', source_field='software_id', null=True, description='The software whose code is asked for, when it is in the catalogue.', db_constraint=True, to_field='id', related_name='woo_requests', on_delete=OnDelete.SET_NULL)),
                ('zaaknummer', fields.CharField(description="The organisation's case number.", max_length=60)),
                ('subject', fields.TextField(default='', description='What is asked for, as made public.', unique=False)),
                ('received_on', fields.DateField(description='The day the request was received.')),
                ('requester_name', fields.CharField(default='', description="PRIVATE: the requester's name.", max_length=200)),
                ('requester_email', fields.CharField(default='', description="PRIVATE: the requester's e-mail address.", max_length=320)),
                ('extended_on', fields.DateField(null=True, description='When the extension by two weeks was notified (art. 4.4 lid 2).')),
                ('extension_reason', fields.TextField(default='', description='Why the term was extended.', unique=False)),
                ('status', fields.CharEnumField(default=RequestStatus.OPEN, description='Where it stands.', enum_type=RequestStatus, max_length=20)),
                ('from_public_form', fields.BooleanField(default=False, description="Submitted through the public 'ask for release' form.")),
                ('submitted_from', fields.CharField(default='', description="Public form: a keyed hash of the sender's address, to throttle it.", max_length=64)),
                ('is_example', fields.BooleanField(default=False, description='Demo data, not a real request.')),
                ('created_at', fields.DatetimeField(description='When it was recorded.', auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'woo_request', 'app': 'catalogue', 'unique_together': (('organisation_id', 'zaaknummer'),), 'indexes': [Index(fields=['status', 'received_on']), Index(fields=['submitted_from', 'received_on'])], 'pk_attr': 'id', 'table_description': 'A Woo-verzoek: a request to disclose information, here the source code of software, on'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ThirdParty',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('catalogue.WooRequest', source_field='request_id', description='The request.', db_constraint=True, to_field='id', related_name='third_parties', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(description='Who, e.g. the supplier.', max_length=200)),
                ('asked_on', fields.DateField(description='When it was asked for its view.')),
                ('answered_on', fields.DateField(null=True, description='When its view came in, or its term for it passed.')),
                ('view', fields.TextField(default='', description='Its view (zienswijze), in brief.', unique=False)),
                ('objects', fields.BooleanField(default=False, description='It objects to disclosure: the information waits two weeks (art. 4.4 lid 5).')),
            ],
            options={'table': 'woo_third_party', 'app': 'catalogue', 'pk_attr': 'id', 'table_description': 'A third party asked for its view (zienswijze) on a request, art. 4:8 Awb with art. 4.4'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Decision',
            name='besluit_url',
            field=fields.CharField(default='', description='Where the besluit is published.', max_length=400),
        ),
        ops.AddField(
            model_name='Decision',
            name='bestuursorgaan',
            field=fields.CharField(default='', description="Who decides, e.g. 'de minister van BZK'.", max_length=200),
        ),
        ops.AddField(
            model_name='Decision',
            name='covers',
            field=fields.CharField(default='', description='The exact commit(s) or tag of the repository the decision covers.', max_length=400),
        ),
        ops.AddField(
            model_name='Decision',
            name='follows_appeal',
            field=fields.ForeignKeyField('catalogue.Appeal', source_field='follows_appeal_id', null=True, description='The objection or ruling this version carries out.', db_constraint=True, to_field='id', related_name='later_versions', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Decision',
            name='inventory_url',
            field=fields.CharField(default='', description='Where its inventarislijst is published.', max_length=400),
        ),
        ops.AddField(
            model_name='Decision',
            name='made_known_on',
            field=fields.DateField(null=True, description='Bekendmaking: when it was sent or published (art. 3:40 Awb).'),
        ),
        ops.AddField(
            model_name='Decision',
            name='remedies',
            field=fields.TextField(default='', description='The rechtsmiddelenclausule: how to object (art. 3:45 Awb).', unique=False),
        ),
        ops.AddField(
            model_name='Decision',
            name='request',
            field=fields.ForeignKeyField('catalogue.WooRequest', source_field='request_id', null=True, description='The Woo-verzoek it decides on (a deelbesluit), if any.', db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Decision',
            name='signatory',
            field=fields.CharField(default='', description='The function of the official who signs under mandate (art. 10:3 Awb).', max_length=200),
        ),
    ]
