# SPDX-License-Identifier: EUPL-1.2
"""The statistics page: figures of the catalogue as horizontal bar charts in SVG, each with a
table of the same numbers. Here the geometry of the charts is worked out; _charts.html draws it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.organisations.web import ORGANISATION_PARAM, organisation_filter
from catalogue.quality_signals import TITLES, Signal
from catalogue.software import queries as software_queries
from catalogue.software.models import ReleaseStatus
from catalogue.statistics import queries as statistics
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse
from catalogue.web.params import LANG, parse_query
from catalogue.web.rendering import render
from catalogue.web.schemas import Count, components

WIDTH = 640  # of every chart, in SVG units; the stylesheet scales it down on narrow screens
BAR = 26  # thickness of a bar
STRIP = 7  # the patterned strip along the lower edge of a stacked bar's segments
GAP = 12  # between one bar and the next row
LABEL_ABOVE = 20  # room for a row's label above its bar
VALUE_ROOM = 64  # right of the longest bar, for its total
LEGEND_COLUMNS, LEGEND_ROW = 3, 24
AXIS_ROOM = 52  # below the bars: tick labels and the axis title
DIGIT = 7.5  # rough width of a digit at the charts' font size
MAX_TICKS = 5
STATUSES = tuple(status.value for status in ReleaseStatus)


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of a bar: a value, where it starts and how wide it is drawn."""

    key: str
    value: int
    x: float
    width: float
    labelled: bool  # whether its value is written inside it


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a chart; `key` is what the row stands for, for its label."""

    key: object
    y: float
    text_y: float  # baseline of text beside the bar or inside it, above any patterned strip
    total: int
    end: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True, slots=True)
class LegendItem:
    key: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Chart:
    """Where everything of a horizontal bar chart goes, in SVG units."""

    id: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    left: float  # where bars start; row labels end here, or stand above the bars when 0
    top: float  # where the first row starts, below the legend
    axis_y: float
    strip: float  # height of the patterned strip of each segment; 0 without a legend
    width: int = WIDTH
    bar_height: int = BAR

    @property
    def height(self) -> float:
        return self.axis_y + AXIS_ROOM

    @property
    def plot_right(self) -> float:
        return self.width - VALUE_ROOM


Row = tuple[object, Sequence[tuple[str, int]]]


def layout(
    chart_id: str, rows: Sequence[Row], *, legend: Sequence[str] = (), label_width: int = 0
) -> Chart:
    """Lay out rows of (key, [(segment key, value), ...]) as horizontal bars from a zero axis,
    with a legend of segment keys above them and row labels left (label_width) or above."""
    legend_rows = -(-len(legend) // LEGEND_COLUMNS)
    top = legend_rows * LEGEND_ROW + (8 if legend else 0)
    strip = STRIP if legend else 0
    ticks, scale = _ticks(max((sum(v for _, v in values) for _, values in rows), default=0))
    unit = (WIDTH - VALUE_ROOM - label_width) / scale
    pitch = BAR + GAP + (0 if label_width else LABEL_ABOVE)
    first = top + (0 if label_width else LABEL_ABOVE)
    return Chart(
        id=chart_id,
        bars=tuple(
            _bar(key, first + index * pitch, (BAR - strip) / 2 + 4.5, values, label_width, unit)
            for index, (key, values) in enumerate(rows)
        ),
        ticks=tuple(Tick(value, round(label_width + value * unit, 1)) for value in ticks),
        legend=tuple(
            LegendItem(
                key,
                x=round(index % LEGEND_COLUMNS * WIDTH / LEGEND_COLUMNS, 1),
                y=index // LEGEND_COLUMNS * LEGEND_ROW,
            )
            for index, key in enumerate(legend)
        ),
        left=label_width,
        top=top,
        axis_y=top + len(rows) * pitch,
        strip=strip,
    )


def _bar(
    key: object,
    y: float,
    text_offset: float,
    values: Sequence[tuple[str, int]],
    left: float,
    unit: float,
) -> Bar:
    shown = [(segment_key, value) for segment_key, value in values if value]
    segments: list[Segment] = []
    x = float(left)
    for segment_key, value in shown:
        width = value * unit
        # A white hairline between neighbours, so that no two colours touch.
        drawn = max(width - 1, 1) if len(shown) > 1 else width
        fits = len(shown) > 1 and drawn >= len(f"{value:,}") * DIGIT + 8
        segments.append(Segment(segment_key, value, round(x, 1), round(drawn, 1), fits))
        x += width
    total = sum(value for _, value in shown)
    return Bar(key, y, y + text_offset, total, round(x, 1), tuple(segments))


def _ticks(largest: int) -> tuple[range, int]:
    """Round values from 0 to just past the largest, in steps of 1, 2 or 5 times a power of
    ten, at most MAX_TICKS steps; and the last of them, the scale's end."""
    for exponent in itertools.count():
        for mantissa in (1, 2, 5):
            step = mantissa * 10**exponent
            if largest <= step * MAX_TICKS:
                end = max(step, -(-largest // step) * step)
                return range(0, end + 1, step), end
    raise AssertionError("unreachable")  # pragma: no cover


def release_chart(releases: statistics.Releases) -> Chart:
    rows = [(period, list(period.statuses.counts.items())) for period in releases.periods]
    return layout("releases", rows, legend=STATUSES, label_width=72)


def licence_chart(licences: statistics.Licences) -> Chart:
    rows: list[Row] = [(("licence", i), [("licence", n)]) for i, n in licences.top]
    rows += [
        (("other", ""), [("other", licences.other)]),
        (("none", ""), [("none", licences.none)]),
    ]
    return layout("licences", rows)


def kind_chart(kinds: Sequence[statistics.KindStatuses]) -> Chart:
    rows = [(kind.kind, list(kind.statuses.counts.items())) for kind in kinds]
    return layout("kinds", rows, legend=STATUSES)


async def statistics_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    figures = await statistics.statistics()
    return await render(
        request,
        "statistics.html",
        figures=figures,
        openness=await software_queries.openness(),
        release_chart=release_chart(figures.releases),
        licence_chart=licence_chart(figures.licences),
        kind_chart=kind_chart(figures.kinds),
        quality=await statistics.quality_by_organisation(),
        signals=list(Signal),
        titles=TITLES,
    )


class PublishedFigures(msgspec.Struct, forbid_unknown_fields=True):
    """Entries with a public repository still on its code host, whether or not under an
    open-source licence."""

    total: Count
    open_source_licence: Count
    not_published: Count


class DecidedOutcomes(msgspec.Struct, forbid_unknown_fields=True):
    """The entries with a decision in force, per outcome."""

    open: Count
    partly_open: Count
    withheld: Count
    open_later: Count


class DecidedFigures(msgspec.Struct, forbid_unknown_fields=True):
    """Entries with a published decision in force, per outcome; undecided: entries without
    one."""

    total: Count
    outcomes: DecidedOutcomes
    undecided: Count


class Figures(msgspec.Struct, forbid_unknown_fields=True):
    """The catalogue's current entries (of one organisation, or all): how many are published
    and how many decided, as two separate summaries (never one share of "open")."""

    total: Count
    published: PublishedFigures
    decided: DecidedFigures


def figures_resource(figures: software_queries.Openness) -> Figures:
    """Published and decided as two separate summaries (never one share of "open")."""
    return Figures(
        total=figures.total,
        published=PublishedFigures(
            figures.published, figures.published_open_licence, figures.unpublished
        ),
        decided=DecidedFigures(
            total=figures.decided,
            outcomes=DecidedOutcomes(**figures.outcomes),
            undecided=figures.statuses[ReleaseStatus.UNDECIDED.value],
        ),
    )


async def figures_item(request: Request) -> Response:
    values = parse_query(request.query_params, (ORGANISATION_PARAM,))
    organisation = await organisation_filter(values["organisation"])
    return EncodedResponse(figures_resource(await software_queries.openness(organisation)))


SCHEMAS = components(Figures)
ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/figures",
        operation_id="getFigures",
        summary="What is published and what is decided, for the catalogue or one organisation",
        handler=figures_item,
        schema="Figures",
        params=(ORGANISATION_PARAM,),
    ),
)
ROUTES = [Route("/statistieken", statistics_page, name="statistics")]
