(function () {
  document.documentElement.lang = %(lang)s;
  var names = %(names)s, words = %(words)s, patterns = %(patterns)s, optionWords = %(options)s;
  var mapName = %(map_name)s;
  function label() {
    window.__axbeltQueued = false;
    // Streamlit's file drop zone is role="presentation" yet labelled: a labelled group is what it is.
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]').forEach(function (el) {
      el.setAttribute('role', 'group');
    });
    Object.keys(names).forEach(function (key) {
      document.querySelectorAll('.st-key-chart_' + key + ' [data-testid="stPlotlyChart"]').forEach(function (el) {
        if (el.getAttribute('aria-label') !== names[key]) {
          el.setAttribute('role', 'figure');
          el.setAttribute('aria-label', names[key]);
        }
      });
    });
  }
  // Streamlit's own English names, placeholders and skip link, in the page's language; the map
  // frame's title (streamlit-folium's "streamlit_folium.st_folium") becomes the map's name.
  function rename(value) {
    if (Object.prototype.hasOwnProperty.call(words, value)) { return words[value]; }
    for (var i = 0; i < patterns.length; i++) {
      var p = patterns[i];
      if (value.length > p[0].length + p[1].length && value.indexOf(p[0]) === 0 &&
          value.slice(value.length - p[1].length) === p[1]) {
        return p[2].replace('{name}', value.slice(p[0].length, value.length - p[1].length));
      }
    }
    return null;
  }
  function relabel() {
    document.querySelectorAll('[aria-label], [title], [placeholder]').forEach(function (el) {
      ['aria-label', 'title', 'placeholder'].forEach(function (attr) {
        var value = el.getAttribute(attr), word = value && rename(value);
        if (word && word !== value) { el.setAttribute(attr, word); }
      });
    });
    document.querySelectorAll('iframe[src*="/component/streamlit_folium."]').forEach(function (f) {
      var name = f.getAttribute('aria-label') || mapName;
      if (f.title !== name) { f.title = name; }
    });
    document.querySelectorAll('a[data-testid="stSkipToContent"]').forEach(function (el) {
      var word = rename(el.textContent.trim());
      if (word && el.textContent !== word) { el.textContent = word; }
    });
    // The multiselect's bulk options: the shown word is swapped by CSS (streamlit_words_css); the
    // hidden one and the name are put in the reader's language here.
    document.querySelectorAll('[role="option"][data-key^="__select_"]').forEach(function (el) {
      var word = optionWords[el.getAttribute('data-key')], shown = el.querySelector('[data-item-hl]');
      if (!word) { return; }
      if (el.getAttribute('aria-label') !== word) { el.setAttribute('aria-label', word); }
      if (shown && shown.textContent !== word) { shown.textContent = word; }
    });
  }
  // The copy-link box (ui/sidebar.py copy_link_html): its button copies the field's link, with the
  // clipboard API where the page may use it, else by selecting the field (a plain-http room
  // server is no secure context), and says "copied" in the box's live region. Installed once.
  function copyLink(button) {
    var box = button.closest('.copy-link'), field = box.querySelector('input'), status = box.querySelector('[role="status"]');
    function say(word) {
      status.textContent = '';
      setTimeout(function () { status.textContent = word; }, 50);
    }
    function bySelection() {
      field.focus();
      field.select();
      var done = false;
      try { done = document.execCommand('copy'); } catch (e) { done = false; }
      say(button.getAttribute(done ? 'data-copied' : 'data-failed'));
      button.focus();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(button.getAttribute('data-copied')); },
        bySelection);
    } else { bySelection(); }
  }
  if (!window.__axbeltCopyLink) {
    window.__axbeltCopyLink = true;
    document.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('.copy-link .copy-link-button');
      if (button) { copyLink(button); }
    });
    document.addEventListener('focusin', function (event) {
      if (event.target.matches && event.target.matches('.copy-link input')) { event.target.select(); }
    });
  }
  function all() { label(); relabel(); }
  all();
  if (window.__axbeltObserver) { window.__axbeltObserver.disconnect(); }
  window.__axbeltObserver = new MutationObserver(function () {
    if (!window.__axbeltQueued) { window.__axbeltQueued = true; requestAnimationFrame(all); }
  });
  window.__axbeltObserver.observe(document.body, {childList: true, subtree: true, attributes: true,
    attributeFilter: ['aria-label', 'title', 'placeholder']});
})();
