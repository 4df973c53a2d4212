// surveybib's page filter: plain JavaScript over the server-rendered list.
// The JSON holds, per paper in curated order, [year, venue, kind, section numbers], the section
// slugs and the paper orders for each sort; the search text is read from the rendered items.
// State (query, filters, sort) lives in the URL hash.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("survey-data").textContent);
  var list = document.getElementById("list");
  var items = Array.prototype.slice.call(list.children);
  var papers = data.papers;
  var shown = items.map(function () { return true; });
  var hay = items.map(function (item) {
    var parts = item.querySelectorAll("h3, .authors, .badge");
    var text = "";
    for (var i = 0; i < parts.length; i++) text += parts[i].textContent + " ";
    return fold(text);
  });
  var form = document.getElementById("filters");
  var count = document.getElementById("count");
  var names = ["q", "section", "venue", "from", "to", "kind", "sort"];
  var controls = {};
  names.forEach(function (name) { controls[name] = document.getElementById(name); });
  var currentSort = "";
  // At most LIMIT papers are shown at once (a "Show all" button shows the rest), so that a
  // keystroke changes at most 2 * LIMIT items however large the survey: it keeps typing fast.
  var LIMIT = 500;
  var showAll = false;
  var more = document.getElementById("more");

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function state() {
    var result = {};
    names.forEach(function (name) { result[name] = controls[name].value; });
    return result;
  }

  function matcher(s) {
    var words = fold(s.q).split(/\s+/).filter(Boolean);
    var from = s.from ? parseInt(s.from, 10) : null;
    var to = s.to ? parseInt(s.to, 10) : null;
    var section = s.section ? data.sections.indexOf(s.section) : -1;
    return function (p, text) {
      for (var w = 0; w < words.length; w++) {
        if (text.indexOf(words[w]) < 0) return false;
      }
      if (section >= 0 && p[3].indexOf(section) < 0) return false;
      if (s.venue && p[1] !== s.venue) return false;
      if (s.kind && p[2] !== s.kind) return false;
      if (from !== null && (p[0] === null || p[0] < from)) return false;
      if (to !== null && (p[0] === null || p[0] > to)) return false;
      return true;
    };
  }

  function sortList(sort) {
    if (sort === currentSort) return;
    var order = data.orders[sort];
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < items.length; i++) fragment.appendChild(items[order ? order[i] : i]);
    list.appendChild(fragment);
    currentSort = sort;
  }

  function writeHash(s) {
    var params = new URLSearchParams();
    names.forEach(function (name) { if (s[name]) params.set(name, s[name]); });
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    if (url !== location.href) {
      try { history.replaceState(null, "", url); } catch (e) { location.hash = hash; }
    }
  }

  function apply() {
    var s = state();
    var match = matcher(s);
    var order = data.orders[s.sort];
    var want = new Uint8Array(papers.length);
    var n = 0;
    for (var k = 0; k < papers.length; k++) {
      var i = order ? order[k] : k;
      if (match(papers[i], hay[i])) {
        if (showAll || n < LIMIT) want[i] = 1;
        n++;
      }
    }
    for (var j = 0; j < papers.length; j++) {
      var ok = want[j] === 1;
      if (ok !== shown[j]) {
        items[j].hidden = !ok;
        shown[j] = ok;
      }
    }
    sortList(s.sort);
    var limited = !showAll && n > LIMIT;
    if (limited) count.textContent = "Showing the first " + LIMIT + " of " + n + " matching papers (" + papers.length + " in all)";
    else if (n === papers.length) count.textContent = n + " papers";
    else count.textContent = "Showing " + n + " of " + papers.length + " papers";
    more.hidden = !limited;
    more.textContent = "Show all " + n;
    writeHash(s);
  }

  function changed() {
    showAll = false;
    apply();
  }

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return true;
    }
    return false;
  }

  function restore() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    names.forEach(function (name) {
      var value = params.get(name) || "";
      var control = controls[name];
      control.value = control.tagName === "SELECT" && !hasOption(control, value) ? "" : value;
    });
    changed();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  names.forEach(function (name) {
    controls[name].addEventListener(name === "q" ? "input" : "change", changed);
  });
  more.addEventListener("click", function () {
    showAll = true;
    apply();
  });
  document.getElementById("reset").addEventListener("click", function () {
    names.forEach(function (name) { controls[name].value = ""; });
    changed();
    controls.q.focus();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#section="]');
    if (link) {
      event.preventDefault();
      controls.section.value = decodeURIComponent(link.getAttribute("href").slice(9));
      changed();
      document.getElementById("papers").scrollIntoView();
      return;
    }
    var button = event.target.closest("button.copy");
    if (!button) return;
    var text = button.closest("li.paper").querySelector("pre").textContent;
    copyText(text).then(function () {
      button.textContent = "Copied";
    }, function () {
      button.textContent = "Copy failed: open BibTeX below";
    });
    setTimeout(function () { button.textContent = "Copy BibTeX"; }, 2000);
  });
  items.forEach(function (item) {  // copying needs the script, so the script adds the buttons
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy BibTeX";
    item.querySelector(".meta").appendChild(button);
  });
  window.addEventListener("hashchange", restore);
  restore();
})();
