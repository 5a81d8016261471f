// A clicker sends →/PageDown/Space for "next" and ←/PageUp for "back": each clicks the
// step button, so a key does exactly what the button does (and Back in the browser returns,
// since each step is a history entry). Keys typed into a field, or Space on a focused button
// (which clicks it already), are left alone. Inert on other pages: it finds no step button.
// After a click on the map the keys reach the map's frame, not this page: the frame sends
// them here as a message (geo/maps/scripts.py ClickerKeys), and the page takes the focus back.
(function () {
  if (window.__beltPresenterKeys) { return; }
  window.__beltPresenterKeys = true;
  var NEXT = ["ArrowRight", "PageDown", " "], BACK = ["ArrowLeft", "PageUp"];
  function step(next) {
    var button = document.querySelector((next ? ".st-key-step_next" : ".st-key-step_back") + " button");
    if (!button) { return false; }
    if (!button.disabled) { button.click(); }
    return true;
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var next = NEXT.indexOf(e.key) >= 0, back = BACK.indexOf(e.key) >= 0;
    if (!next && !back) { return; }
    var target = e.target || {}, tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) { return; }
    if (e.key === " " && tag === "button") { return; }
    if (step(next)) { e.preventDefault(); }
  });
  window.addEventListener("message", function (e) {
    if (e.origin !== window.location.origin || !e.data || typeof e.data !== "object") { return; }
    var kind = e.data.beltStep;
    if (kind !== "next" && kind !== "back") { return; }
    var frames = Array.prototype.slice.call(document.querySelectorAll("iframe"));
    var from = frames.filter(function (f) { return f.contentWindow === e.source; })[0];
    if (!from) { return; }
    // The next key comes straight to the page, without the frame's focus ring on the map.
    from.blur();
    if (document.activeElement === from) { document.body.focus(); }
    step(kind === "next");
  });
})();
