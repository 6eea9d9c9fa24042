"""Where each node of a cluster is drawn: a deterministic layout, computed here so that the page
needs no JavaScript and the same cluster always looks the same. The drawing is an image
(``role="img"``) without links, which assistive technology could not reach inside it: the list
beside it links to each report.

Reports sit on an outer ring in the cluster's order (the starting reports first); indicators sit
on an inner ring, each near the reports that name it (ordered by the mean angle of those
reports), so that few edges cross. A lone indicator sits in the middle.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vigilance.cases.selectors.cluster import Cluster, ClusterIndicator, ClusterReport

LABEL_LENGTH = 18
MARGIN = 90
REPORT_WIDTH = 150
REPORT_HEIGHT = 30
INDICATOR_RADIUS = 9


@dataclass(frozen=True)
class GraphNode:
    key: str
    kind: str  # "report" or "indicator"
    x: float
    y: float
    label: str
    title: str
    classes: str

    @property
    def box_x(self) -> float:
        return round(self.x - REPORT_WIDTH / 2, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - REPORT_HEIGHT / 2, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + 4 if self.kind == "report" else self.y + INDICATOR_RADIUS + 14, 1)


@dataclass(frozen=True)
class GraphEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    title: str
    classes: str


@dataclass(frozen=True)
class Graph:
    size: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    @property
    def centre(self) -> int:
        return self.size // 2


def _truncate(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def _ring(count: int, radius: float, centre: float) -> list[tuple[float, float, float]]:
    """(angle, x, y) of ``count`` points spread on a circle, the first at the top."""
    if count == 1 and radius == 0:
        return [(0.0, centre, centre)]
    points = []
    for index in range(count):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        points.append(
            (
                angle,
                round(centre + radius * math.cos(angle), 1),
                round(centre + radius * math.sin(angle), 1),
            )
        )
    return points


def _report_node(report: ClusterReport, x: float, y: float) -> GraphNode:
    if not report.is_visible:
        owner = report.owner_unit or report.owner_organisation
        return GraphNode(
            key=report.key,
            kind="report",
            x=x,
            y=y,
            label=_("Restricted"),
            title=_("A report you may not see, held by %(owner)s") % {"owner": owner},
            classes="cluster-node cluster-report cluster-restricted",
        )
    classes = "cluster-node cluster-report"
    if report.is_start:
        classes += " cluster-start"
    return GraphNode(
        key=report.key,
        kind="report",
        x=x,
        y=y,
        label=report.reference,
        title=f"{report.reference} — {report.category}, {report.region}",
        classes=classes,
    )


def _indicator_node(indicator: ClusterIndicator, x: float, y: float) -> GraphNode:
    if not indicator.is_known:
        return GraphNode(
            key=indicator.key,
            kind="indicator",
            x=x,
            y=y,
            label=_("Hidden"),
            title=_("An identifier named only by reports you may not see"),
            classes="cluster-node cluster-indicator cluster-hidden",
        )
    return GraphNode(
        key=indicator.key,
        kind="indicator",
        x=x,
        y=y,
        label=_truncate(indicator.shown),
        title=_("%(type)s: %(value)s — %(status)s")
        % {
            "type": indicator.type_label,
            "value": indicator.shown,
            "status": indicator.status_label,
        },
        classes=f"cluster-node cluster-indicator cluster-status-{indicator.status}",
    )


def cluster_graph(cluster: Cluster) -> Graph:
    """The drawing of a cluster: positions of the nodes and the edges between them."""
    count = len(cluster.reports)
    outer = max(200.0, count * (REPORT_WIDTH + 10) / (2 * math.pi))
    inner = outer * 0.5
    size = int(2 * (outer + MARGIN))
    centre = size / 2
    placed: dict[str, tuple[float, float, float]] = {}
    nodes = []
    for report, point in zip(cluster.reports, _ring(count, outer, centre), strict=True):
        placed[report.key] = point
        nodes.append(_report_node(report, point[1], point[2]))

    angles: dict[str, list[float]] = {}
    for edge in cluster.edges:
        angles.setdefault(edge.indicator_key, []).append(placed[edge.report_key][0])

    def mean_angle(indicator: ClusterIndicator) -> float:
        around = angles.get(indicator.key, [])
        return math.atan2(sum(map(math.sin, around)), sum(map(math.cos, around)))

    indicators = sorted(cluster.indicators, key=lambda item: (mean_angle(item), item.key))
    radius = 0.0 if len(indicators) == 1 else inner
    for indicator, point in zip(indicators, _ring(len(indicators), radius, centre), strict=True):
        placed[indicator.key] = point
        nodes.append(_indicator_node(indicator, point[1], point[2]))

    edges = []
    for edge in cluster.edges:
        start, end = placed[edge.report_key], placed[edge.indicator_key]
        edges.append(
            GraphEdge(
                x1=start[1],
                y1=start[2],
                x2=end[1],
                y2=end[2],
                title=edge.role_label or _("Names this identifier"),
                classes=f"cluster-edge cluster-role-{edge.role or 'unknown'}",
            )
        )
    return Graph(size=size, nodes=nodes, edges=edges)


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator of the cluster as a line of the list, with the reports naming it."""

    indicator: ClusterIndicator
    reports: list[str]


def indicator_rows(cluster: Cluster) -> list[IndicatorRow]:
    labels = {
        report.key: report.reference if report.is_visible else _("a report you may not see")
        for report in cluster.reports
    }
    naming: dict[str, list[str]] = {}
    for edge in cluster.edges:
        naming.setdefault(edge.indicator_key, []).append(labels[edge.report_key])
    return [
        IndicatorRow(indicator=indicator, reports=naming.get(indicator.key, []))
        for indicator in cluster.indicators
    ]
