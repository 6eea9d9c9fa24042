"""The cluster as data for the explorable graph (static/cases/js/cluster.js): the same nodes and
links as the drawing, at the drawing's positions, each node with the page it opens if the
reader may open one. A report the reader may not see opens its request for access on this page;
an identifier only others' reports name opens nothing."""

from typing import Any

from django.urls import reverse

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases.selectors.cluster import Cluster
from vigilance.cases.views.cluster_graph import Graph, GraphNode

# What each node is, as the graph's style and legend name it.
REPORT, START, RESTRICTED = "report", "start", "restricted"
INDICATOR, CONFIRMED, HIDDEN = "indicator", "confirmed", "hidden"


def _report_url(cluster: Cluster, node: GraphNode) -> str:
    report = next(report for report in cluster.reports if report.key == node.key)
    if not report.is_visible:
        return "" if report.access_requested else f"#restricted-{report.key}"
    return reverse("cases:report_detail", kwargs={"report_id": report.public_id})


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
    nodes = []
    for node in graph.nodes:
        if node.kind == "report":
            kind, url = _report_kind(node), _report_url(cluster, node)
        else:
            kind, url = _indicator_kind(node), ""
            if may_analyse and indicator_ids.get(node.key):
                url = reverse(
                    "indicators:staff_indicator", kwargs={"indicator_id": indicator_ids[node.key]}
                )
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
