"""axe-core in the page and in the map frame: the vendored ``axe.min.js``, no network at test time.

``vendor/axe.min.js`` is axe-core 4.14.1 from npm (MPL-2.0, licence beside it), SHA-256
29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
# Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(target, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core in a Playwright Page or Frame; its violations as ``{id, impact, nodes: [...]}``.

    Each document is checked on its own (``iframes: false``): the map frame is a separate run,
    so a violation is reported where it is.
    """
    if not target.evaluate("typeof window.axe !== 'undefined'"):
        target.evaluate(AXE_JS.read_text("utf-8"))
    assert target.evaluate("window.axe.version") == AXE_VERSION
    return target.evaluate(
        """tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false,
                                          resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))})))""",
        tags or WCAG_TAGS,
    )


def summary(violations: list[dict]) -> dict[str, int]:
    """Rule id → number of nodes, for a readable report."""
    return {v["id"]: len(v["nodes"]) for v in violations}
