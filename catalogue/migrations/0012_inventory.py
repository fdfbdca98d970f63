import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from catalogue.migrations._enums import Assessment


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0011_account_ownership')]

    initial = False

    operations = [
        ops.CreateModel(
            name="Grondslag",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "decision",
                    fields.ForeignKeyField(
                        "catalogue.Decision",
                        source_field="decision_id",
                        description="The decision version it belongs to.",
                        db_constraint=True,
                        to_field="id",
                        related_name="grondslagen",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "key",
                    fields.CharField(
                        description="The key items cite it by, e.g. S.", max_length=40
                    ),
                ),
                (
                    "code",
                    fields.CharField(description="Ground code, e.g. woo-5.1.2.i.", max_length=30),
                ),
                (
                    "motivation",
                    fields.TextField(
                        default="", description="Why the ground applies.", unique=False
                    ),
                ),
                (
                    "weighing",
                    fields.TextField(
                        default="",
                        description="The weighing of interests (art. 5.1 lid 2 and 3 Woo).",
                        unique=False,
                    ),
                ),
                (
                    "despite_age",
                    fields.TextField(
                        default="",
                        description="Art. 5.3 Woo: why it prevails despite the time passed.",
                        unique=False,
                    ),
                ),
            ],
            options={
                "table": "inventory_grondslag",
                "app": "catalogue",
                "unique_together": (("decision_id", "key"),),
                "pk_attr": "id",
                "table_description": "A grondslag of a decision's inventory: a Woo ground with its motivation and weighing,",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="InventoryItem",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "decision",
                    fields.ForeignKeyField(
                        "catalogue.Decision",
                        source_field="decision_id",
                        description="The decision version it belongs to.",
                        db_constraint=True,
                        to_field="id",
                        related_name="inventory",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "number",
                    fields.IntField(description="Its number in the inventarislijst (nummer)."),
                ),
                (
                    "path",
                    fields.CharField(
                        description="File or folder within the tree.", max_length=1000
                    ),
                ),
                (
                    "folder",
                    fields.CharField(
                        description="The path's first folder ('.' at the top), for counts.",
                        max_length=1000,
                    ),
                ),
                (
                    "line_from",
                    fields.IntField(null=True, description="First line covered, if not all."),
                ),
                (
                    "line_to",
                    fields.IntField(null=True, description="Last line covered, if not all."),
                ),
                (
                    "assessment",
                    fields.CharEnumField(
                        description="openbaar, deels openbaar or niet openbaar.",
                        enum_type=Assessment,
                        max_length=20,
                    ),
                ),
                (
                    "grounds",
                    fields.CharField(
                        default="",
                        description="The keys of the grondslagen cited, each between spaces: ' S P '.",
                        max_length=1000,
                    ),
                ),
                ("remark", fields.TextField(default="", description="Opmerking.", unique=False)),
                (
                    "runs",
                    fields.IntField(
                        default=0, description="How many redacted runs the file holds."
                    ),
                ),
                (
                    "lines",
                    fields.JSONField(
                        default=list,
                        description="Per marker, the line of each run: [[marker, [line, ...]], ...] in the legend's order (a list, as PostgreSQL's jsonb keeps no key order).",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "licence",
                    fields.CharField(
                        default="",
                        description="Another licence than the decision's (REUSE).",
                        max_length=300,
                    ),
                ),
            ],
            options={
                "table": "inventory_item",
                "app": "catalogue",
                "unique_together": (("decision_id", "number"),),
                "indexes": [
                    Index(fields=["decision_id", "path"]),
                    Index(fields=["decision_id", "assessment"]),
                ],
                "pk_attr": "id",
                "table_description": "One row of a decision's inventarislijst: a file or folder of the pinned tree, optionally",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Decision",
            name="inventory_size",
            field=fields.IntField(
                default=0, description="How many inventory items it has (kept with every write)."
            ),
        ),
        ops.AddField(
            model_name="Decision",
            name="legend",
            field=fields.JSONField(
                default=list,
                description="Redaction legend: which marker in the released tree stands for which grondslag, as [{marker, grondslag}].",
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
        ops.AddField(
            model_name="Decision",
            name="scan",
            field=fields.JSONField(
                default=dict,
                description="The counts of the scan the inventory was made from, to verify a re-scan.",
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
        ops.AddField(
            model_name="Decision",
            name="tree_url",
            field=fields.CharField(
                default="",
                description="The repository of the tree the inventory is of (its commit: `covers`).",
                max_length=400,
            ),
        ),
    ]
