"""The presenter's clicker inside the map frame: its keys step the story instead of panning the map."""

from __future__ import annotations

from branca.element import MacroElement, Template

# The clicker's keys (views/presenter.js reads the same ones in the page).
CLICKER_NEXT = ("ArrowRight", "PageDown", " ")
CLICKER_BACK = ("ArrowLeft", "PageUp")
# The message the map frame sends the page for a clicker key: {STEP_MESSAGE: "next" | "back"}.
STEP_MESSAGE = "beltStep"


class ClickerKeys(MacroElement):
    """On the presenter's map, the clicker's keys step the story instead of panning the map.

    A click on the map gives the frame the keyboard focus, and a key pressed then reaches the
    frame's document, never the page's: the clicker would pan the map (Leaflet's arrow keys)
    or move between markers and the story would stop. The frame takes those keys first (in
    the capture phase, before Leaflet and the marker keys), and posts ``{beltStep: "next"}``
    or ``"back"`` to the page, which steps and takes the focus back (``views/presenter.js``).
    Keys typed into a field are left alone.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var next = {{ this.next|tojson }}, back = {{ this.back|tojson }};
            window.addEventListener("keydown", function (e) {
                if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
                var step = next.indexOf(e.key) >= 0 ? "next" : back.indexOf(e.key) >= 0 ? "back" : null;
                var tag = ((e.target || {}).tagName || "").toLowerCase();
                if (!step || tag === "input" || tag === "textarea" || tag === "select") { return; }
                e.preventDefault();
                e.stopPropagation();
                var message = {};
                message[{{ this.message|tojson }}] = step;
                try { window.parent.postMessage(message, window.location.origin); } catch (err) {}
            }, true);
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "ClickerKeys"
        self.next, self.back, self.message = list(CLICKER_NEXT), list(CLICKER_BACK), STEP_MESSAGE
