"""The cluster as data for the explorable graph (static/cases/js/cluster.js): the same nodes and
links as the drawing, at the drawing's positions, each node with the page it opens if the
reader may open one. A report the reader may not see opens its request for access on this page;
an identifier only others' reports name opens nothing."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases.selectors.cluster import Cluster, ClusterReport
from vigilance.cases.views.cluster_graph import Graph, GraphNode
from vigilance.cases.views.cluster_lists import url_maker

# What each node is, as the graph's style and legend name it.
REPORT, START, RESTRICTED = "report", "start", "restricted"
INDICATOR, CONFIRMED, HIDDEN = "indicator", "confirmed", "hidden"


def _report_url(report: ClusterReport, detail_url: Callable[[str], str]) -> str:
    if not report.is_visible:
        return "" if report.access_requested else f"#restricted-{report.key}"
    return detail_url(report.public_id)


def _report_kind(node: GraphNode) -> str:
    if "cluster-restricted" in node.classes:
        return RESTRICTED
    return START if "cluster-start" in node.classes else REPORT


def _indicator_kind(node: GraphNode) -> str:
    if "cluster-hidden" in node.classes:
        return HIDDEN
    return CONFIRMED if "cluster-status-confirmed_fraud" in node.classes else INDICATOR


def cluster_elements(cluster: Cluster, graph: Graph, *, user: User) -> dict[str, Any]:
    """Nodes and edges in the graph library's element format, with the layout's positions."""
    may_analyse = can(user, Permission.ANALYSE_INDICATORS)
    indicator_ids = {item.key: item.indicator_id for item in cluster.indicators}
    reports = {report.key: report for report in cluster.reports}
    detail_url = url_maker("cases:report_detail", "report_id", str(UUID(int=0)))
    indicator_url = url_maker("indicators:staff_indicator", "indicator_id", "987654321")
    nodes = []
    for node in graph.nodes:
        if node.kind == "report":
            kind, url = _report_kind(node), _report_url(reports[node.key], detail_url)
        else:
            kind, url = _indicator_kind(node), ""
            if may_analyse and indicator_ids.get(node.key):
                url = indicator_url(str(indicator_ids[node.key]))
        data = {"id": node.key, "label": node.label, "title": node.title, "kind": kind, "url": url}
        nodes.append({"data": data, "position": {"x": node.x, "y": node.y}})
    edges = [
        {
            "data": {
                "id": f"{edge.report_key}-{edge.indicator_key}",
                "source": edge.report_key,
                "target": edge.indicator_key,
                "title": edge.role_label,
            }
        }
        for edge in cluster.edges
    ]
    return {"nodes": nodes, "edges": edges}
