/* The certificate's sections as the API gives them (`sections`: [{key, title, rows: [{key,
   label, lines}]}], domain/certificate_text.py) laid out as the PDFs print them: a heading and
   a list each. The API decides the rows and words them; every value goes through textContent.

   portalSections.row(row) -> [dt, dd] (data-row and data-field: the row's key).
   portalSections.lay(root, sections, before): each section in root's place for it
     (dl[data-section=key] with its [data-section-title=key]) or, where root has none, a new
     heading and list before `before` (appended to root when it is null). What it adds carries
     data-printed, so the page can clear it. */
(function () {
  "use strict";

  function row(r) {
    var term = document.createElement("dt");
    var value = document.createElement("dd");
    term.textContent = r.label;
    term.dataset.row = value.dataset.row = value.dataset.field = r.key;
    term.dataset.printed = value.dataset.printed = "1";
    if (r.lines.length === 1) {
      value.textContent = r.lines[0];
    } else {
      r.lines.forEach(function (text) {
        var line = document.createElement("span");
        line.className = "portal-cert-line";
        line.textContent = text;
        value.appendChild(line);
      });
    }
    return [term, value];
  }

  function lay(root, sections, before) {
    (sections || []).forEach(function (section) {
      var list = root.querySelector('dl[data-section="' + section.key + '"]');
      if (!list) {
        var title = document.createElement("h3");
        list = document.createElement("dl");
        list.className = "portal-cert";
        title.dataset.printed = list.dataset.printed = "1";
        if (before) before.before(title, list);
        else root.append(title, list);
        title.textContent = section.title;
      } else {
        root.querySelector('[data-section-title="' + section.key + '"]').textContent = section.title;
      }
      section.rows.forEach(function (r) { list.append.apply(list, row(r)); });
    });
  }

  window.portalSections = { row: row, lay: lay };
})();
