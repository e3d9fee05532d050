/* The API's CSV formula guard (api/chalicelib/domain/csv_cells.py), for a CSV the browser
   writes. The characters are the domain's own list, put in the page at build time
   (data-csv-formula-starts, site/hooks/csv_cells.py), so both sides judge by one list: a cell
   whose first character, NFKC-normalised, is one of them gets a leading apostrophe and stays
   text in a spreadsheet (「＝1+1」 is「=1+1」 to Excel). tests/e2e/test_batch_page.py runs the
   API's table of cases through this function. */
(function () {
  "use strict";

  function formulaStarts() {
    var holder = document.querySelector("[data-csv-formula-starts]");
    // No list means a page built without the hook: refuse to write an unguarded file.
    if (!holder) throw new Error("csv-cell.js: data-csv-formula-starts is missing");
    return JSON.parse(holder.dataset.csvFormulaStarts);
  }

  window.portalCsvCell = function (value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (!text) return text;
    // The first code point (not a UTF-16 half), as Python's value[:1].
    var first = Array.from(String.fromCodePoint(text.codePointAt(0)).normalize("NFKC"))[0];
    return formulaStarts().indexOf(first) >= 0 ? "'" + text : text;
  };
})();
