"""The drawing of a cluster as SVG markup, written in one pass over the layout of
``cluster_graph``: up to 200 reports and 300 identifiers with their edges, where the template
language spent a dozen function calls on every attribute (docs/decisions/0043). Every text
that comes from data is escaped here; the markup itself is fixed."""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vigilance.cases.views.cluster_graph import REPORT_HEIGHT, REPORT_WIDTH, Graph, GraphNode

_EDGE = (
    '<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="{classes}" stroke="#8a8a8a"'
    ' stroke-width="1.5"><title>{title}</title></line>'
)
_RESTRICTED = (
    f'<rect x="{{x}}" y="{{y}}" width="{REPORT_WIDTH}" height="{REPORT_HEIGHT}" rx="4"'
    ' fill="#f2f2f2" stroke="#5c5c5c" stroke-width="1.5" stroke-dasharray="6 4"/>'
)
_REPORT = (
    f'<rect x="{{x}}" y="{{y}}" width="{REPORT_WIDTH}" height="{REPORT_HEIGHT}" rx="4"'
    ' fill="#e8f0fb" stroke="#1d4f91" stroke-width="{width}"/>'
)
_CONFIRMED = (
    '<rect x="-8" y="-8" width="16" height="16" transform="translate({x} {y}) rotate(45)"'
    ' fill="#b00020" stroke="#333333" stroke-width="1.5"/>'
)
_INDICATOR = '<circle cx="{x}" cy="{y}" r="9" fill="#f0a500" stroke="#333333" stroke-width="1.5"/>'
_HIDDEN = (
    '<circle cx="{x}" cy="{y}" r="9" fill="#ffffff" stroke="#333333" stroke-width="1.5"'
    ' stroke-dasharray="3 2"/>'
)
_TEXT = '<text x="{x}" y="{y}" text-anchor="middle" font-size="{size}">{label}</text>'


def _shape(node: GraphNode) -> str:
    if node.kind == "report":
        if "cluster-restricted" in node.classes:
            return _RESTRICTED.format(x=node.box_x, y=node.box_y)
        width = 3 if "cluster-start" in node.classes else 1.5
        return _REPORT.format(x=node.box_x, y=node.box_y, width=width)
    if "cluster-status-confirmed_fraud" in node.classes:
        return _CONFIRMED.format(x=node.x, y=node.y)
    shape = _HIDDEN if "cluster-hidden" in node.classes else _INDICATOR
    return shape.format(x=node.x, y=node.y)


def _node(node: GraphNode) -> str:
    size = 13 if node.kind == "report" else 12
    text = _TEXT.format(x=node.x, y=node.text_y, size=size, label=escape(node.label))
    return (
        f'<g class="{escape(node.classes)}" data-key="{escape(node.key)}">'
        f"<title>{escape(node.title)}</title>{_shape(node)}{text}</g>"
    )


def cluster_svg(graph: Graph, *, reports: int, indicators: int) -> SafeString:
    """The ``<svg>`` of the drawing, with its title and description for assistive technology."""
    description = _(
        "Reports: %(reports)s; identifiers: %(indicators)s. Rectangles are reports, circles "
        "are identifiers, red diamonds identifiers of a confirmed fraud, dashed rectangles are "
        "reports you may not see. The list below gives the same facts."
    ) % {"reports": reports, "indicators": indicators}
    parts = [
        f'<svg class="cluster-graph" viewBox="0 0 {graph.size} {graph.size}" role="img"'
        ' aria-labelledby="cluster-graph-title cluster-graph-desc"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="cluster-graph-title">{escape(_("Drawing of the cluster"))}</title>',
        f'<desc id="cluster-graph-desc">{escape(description)}</desc>',
        '<g class="cluster-edges">',
    ]
    parts += [
        _EDGE.format(
            x1=edge.x1,
            y1=edge.y1,
            x2=edge.x2,
            y2=edge.y2,
            classes=escape(edge.classes),
            title=escape(edge.title),
        )
        for edge in graph.edges
    ]
    parts.append('</g><g class="cluster-nodes">')
    parts += [_node(node) for node in graph.nodes]
    parts.append("</g></svg>")
    # Every value above went through escape(); the rest is this module's own markup.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec B308 B703: escaped above
