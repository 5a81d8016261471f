// A clicker sends →/PageDown/Space for "next" and ←/PageUp for "back": each clicks the
// step button, so a key does exactly what the button does (and Back in the browser returns,
// since each step is a history entry). Keys typed into a field, or Space on a focused button
// (which clicks it already), are left alone. Inert on other pages: it finds no step button.
(function () {
  if (window.__beltPresenterKeys) { return; }
  window.__beltPresenterKeys = true;
  var NEXT = ["ArrowRight", "PageDown", " "], BACK = ["ArrowLeft", "PageUp"];
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var next = NEXT.indexOf(e.key) >= 0, back = BACK.indexOf(e.key) >= 0;
    if (!next && !back) { return; }
    var target = e.target || {}, tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) { return; }
    if (e.key === " " && tag === "button") { return; }
    var button = document.querySelector((next ? ".st-key-step_next" : ".st-key-step_back") + " button");
    if (!button) { return; }
    e.preventDefault();
    if (!button.disabled) { button.click(); }
  });
})();
