/* Material's search worker, with Japanese queries cut into words the way the pages were.

   For theme.language ja, Material cuts the pages' text into words with TinySegmenter
   (受領を記録する → 受領 / を / 記録 / する) but never the query: a query is cut only at the
   search separator, and its kanji runs by its "experimental Chinese segmentation", a greedy
   match against the index that never tries a run as a whole (「受領台帳」 lost 台帳; 「変更」
   can become 「変」). So 「受領を記録」 or 「変更された」 stayed one word that no page holds,
   and nothing was found. This worker, loaded in its place (site/hooks/search_variants.py
   points Material's configuration at it), cuts each typed word with the same separator and
   the same TinySegmenter before Material sees the query, and skips the Chinese step.

   A word the segmenter cuts in several stands for all of them, as Material's own "quoted
   phrase" does: its words are required (+). Particles and endings written in hiragana alone
   (を, さ・れ・た) are on nearly every page: they are left out where the word has other
   parts, or each page would match and every た in the results would be marked.
   Words typed apart with spaces, and Material's query syntax (+word, -word, word*, "…",
   title:word), are left as typed. */
(function () {
  "use strict";

  var QUERY = 2; // Material's SearchMessageType.QUERY
  var MATERIAL_WORKER = /^search\.[0-9a-f]+\.min\.js$/;
  var SYNTAX = /["*+\-:^~]/;
  var HIRAGANA_ONLY = /^[\u3041-\u309f\u30fc]+$/;

  function segmenter() {
    var lunr = self.lunr;
    return lunr && lunr.segmenter && lunr.tokenizer && lunr.tokenizer.separator ? lunr : null;
  }

  // The index's tokenizer on one typed word: the separator first, then TinySegmenter on
  // every part that holds kanji or kana (Material's internal/tokenize, the same test).
  function wordsOf(word, lunr) {
    var words = [];
    word.split(new RegExp(lunr.tokenizer.separator.source, "g")).forEach(function (part) {
      if (!part) return;
      if (/^[MHIK]$/.test(lunr.segmenter.ctype_(part))) words.push.apply(words, lunr.segmenter.segment(part));
      else words.push(part);
    });
    return words.filter(Boolean);
  }

  function segmentQuery(query) {
    var lunr = segmenter();
    if (!lunr) return query;
    return query.split(/\s+/).map(function (word) {
      if (!word || SYNTAX.test(word)) return word;
      var words = wordsOf(word, lunr);
      if (words.length < 2) return word;
      var content = words.filter(function (w) { return !HIRAGANA_ONLY.test(w); });
      return (content.length ? content : words).map(function (w) { return "+" + w + "*"; }).join(" ");
    }).join(" ");
  }

  // Before Material's own listener (added by importScripts below): the query it reads is
  // the segmented one.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      message.data = segmentQuery(message.data);
    }
  });

  // Material's Chinese step, `query.replace(/\p{sc=Han}+/gu, …)`, is skipped while the
  // Japanese segmenter is in use: the query is cut already, as the index is.
  var replace = String.prototype.replace;
  String.prototype.replace = function (pattern) {
    if (pattern instanceof RegExp && pattern.source === "\\p{sc=Han}+" && pattern.unicode && segmenter()) {
      return String(this);
    }
    return replace.apply(this, arguments);
  };

  var material = new URLSearchParams(self.location.search).get("material") || "";
  if (!MATERIAL_WORKER.test(material)) throw new Error("search-ja.js: no Material search worker named");
  self.portalSegmentQuery = segmentQuery; // for the tests
  importScripts(material);
})();
