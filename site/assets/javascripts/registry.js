/* The registry's public pages, read in the browser from the live data (api.js):
   - 電子保証対応の発注者一覧 (GET /v1/orderers): one search box (name, ひらがなの読み, 団体コード)
     and a prefecture select over every enrolled orderer, grouped by prefecture (国の機関 and
     the others as groups of their own), each linking to its page;
   - one orderer's page (?id=202177, GET /v1/orderers/{id});
   - 電子保証を発行できる保証会社 (GET /v1/issuers): grouped by issuer type, each with the
     instruments it issues.
   Nothing is built into the pages: an orderer the operator enrols is listed at the next load. */
(function () {
  "use strict";

  var api = window.portalApi;
  var LOAD_ERROR = "一覧を読み込めませんでした。通信の状態を確かめて、時間をおいて再度お試しください。";
  // A short list is shown open; a long one (the national list) waits for a search or a click.
  var OPEN_UP_TO = 60;

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  // Full-width letters and digits fold as typed input does (ＳＡＫＵ = saku), katakana reads as
  // hiragana (サク = さく), spaces do not count.
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "")
      .replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }

  function dateJa(iso) {
    var parts = String(iso).split("-");
    return Number(parts[0]) + "年" + Number(parts[1]) + "月" + Number(parts[2]) + "日";
  }

  function count(n) {
    return n.toLocaleString("ja-JP");
  }

  function groupOf(orderer, labels) {
    return orderer.prefecture || labels[orderer.category] || "その他";
  }

  function pageLink(base, id) {
    return base + "?id=" + encodeURIComponent(id);
  }

  // ---- the list ---------------------------------------------------------------------------

  function initList(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var form = document.getElementById("orderer-filter");
    var query = document.getElementById("orderer-query");
    var prefecture = document.getElementById("orderer-prefecture");
    var status = document.getElementById("orderer-count");
    var groupsRoot = document.getElementById("orderer-groups");
    var empty = document.getElementById("orderer-empty");
    var error = document.getElementById("orderer-error");
    var retry = document.getElementById("orderer-retry");
    var base = root.dataset.ordererPage;
    var orderers = [];
    var groups = [];   // [{name, members: [orderer], details, list, filled}]

    function entry(o) {
      var li = element("li");
      var link = element("a", o.written_name);
      link.href = pageLink(base, o.id);
      li.appendChild(link);
      var facts = [/^\d{6}$/.test(o.id) ? "団体コード " + o.id : null, dateJa(o.accepts_from) + "から"];
      if (o.suspended) facts.push("受付停止中");
      li.appendChild(element("span", facts.filter(Boolean).join("・"), "portal-registry-meta"));
      return li;
    }

    function fill(group, members) {
      var list = group.list;
      list.textContent = "";
      var fragment = document.createDocumentFragment();
      members.forEach(function (o) { fragment.appendChild(entry(o)); });
      list.appendChild(fragment);
    }

    function build() {
      var byName = {};
      orderers.forEach(function (o) {
        o._fold = [fold(o.written_name), fold(o.name), fold(o.kana)];
        var name = o._group;
        if (!byName[name]) {
          byName[name] = { name: name, members: [] };
          groups.push(byName[name]);
        }
        byName[name].members.push(o);
      });
      // 国の機関 first: a contractor of a 地方整備局 looks there, then the prefectures in code order.
      groups.sort(function (a, b) {
        return (a.members[0]._national ? 0 : 1) - (b.members[0]._national ? 0 : 1);
      });
      groups.forEach(function (group) {
        var details = element("details", undefined, "portal-registry-group");
        var summary = element("summary");
        summary.appendChild(element("span", group.name, "portal-registry-group__name"));
        summary.appendChild(element("span", count(group.members.length) + "件", "portal-registry-group__count"));
        details.appendChild(summary);
        group.list = element("ul", undefined, "portal-registry-entries");
        details.appendChild(group.list);
        details.addEventListener("toggle", function () {
          if (details.open && !group.shown) { fill(group, group.members); group.shown = group.members; }
        });
        group.details = details;
        groupsRoot.appendChild(details);
        prefecture.appendChild(element("option", group.name)).value = group.name;
      });
    }

    function matches(o, wanted) {
      if (!wanted) return true;
      if (o.id.indexOf(wanted) !== -1) return true;
      return o._fold.some(function (text) { return text.indexOf(wanted) !== -1; });
    }

    function apply() {
      var wanted = fold(query.value);
      var place = prefecture.value;
      var shown = 0;
      var filtering = !!(wanted || place);
      groups.forEach(function (group) {
        var members = place && group.name !== place ? [] :
          group.members.filter(function (o) { return matches(o, wanted); });
        group.details.hidden = members.length === 0;
        shown += members.length;
        if (!members.length) return;
        group.details.querySelector(".portal-registry-group__count").textContent = count(members.length) + "件";
        var open = filtering || orderers.length <= OPEN_UP_TO;
        if (open) {
          fill(group, members);
          group.shown = members;
        } else if (group.shown !== group.members) {
          group.list.textContent = "";
          group.shown = null;  // filled when opened
        }
        group.details.open = open;
      });
      // Announced by the status region: a screen reader hears the result without moving.
      status.textContent = filtering
        ? count(orderers.length) + "件中" + count(shown) + "件の発注者が見つかりました。"
        : "電子保証に対応している発注者は" + count(orderers.length) + "件です。" +
          (orderers.length > OPEN_UP_TO ? "都道府県を開くか、名前で探してください。" : "");
      empty.hidden = shown !== 0;
    }

    function failed(message) {
      status.textContent = "";
      groupsRoot.classList.remove("portal-registry-groups--loading");
      error.textContent = message;
      retry.hidden = false;
    }

    function load() {
      error.textContent = "";
      retry.hidden = true;
      status.textContent = "発注者の一覧を読み込んでいます…";
      return api.getPublic("/v1/orderers").then(function (answer) {
        if (!answer.ok || !answer.body || !Array.isArray(answer.body.orderers)) {
          failed(answer.ok ? LOAD_ERROR : api.message(answer));
          return;
        }
        groupsRoot.classList.remove("portal-registry-groups--loading");
        var labels = answer.body.category_labels || {};
        orderers = answer.body.orderers;
        orderers.forEach(function (o) {
          o._group = groupOf(o, labels);
          o._national = !o.prefecture && o.category === "national";
        });
        build();
        query.disabled = prefecture.disabled = false;
        apply();
      }, function () { failed(LOAD_ERROR); });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    query.addEventListener("input", apply);
    prefecture.addEventListener("change", apply);
    retry.querySelector("button").addEventListener("click", load);
    load();
  }

  // ---- one orderer --------------------------------------------------------------------------

  function row(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.appendChild(element("dt", label));
    var dd = element("dd");
    if (typeof value === "string") dd.textContent = value;
    else dd.appendChild(value);
    list.appendChild(dd);
  }

  function bodyLink(base, ref) {
    var a = element("a", ref.written_name);
    a.href = pageLink(base, ref.id);
    return a;
  }

  function initOrderer(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var loading = document.getElementById("orderer-loading");
    var section = document.getElementById("orderer-detail");
    var heading = document.getElementById("orderer-heading");
    var error = document.getElementById("orderer-error");
    var base = root.dataset.ordererPage;
    var id = new URLSearchParams(window.location.search).get("id") || "";
    var title = document.querySelector(".md-content h1");

    function fail(message) {
      loading.hidden = true;
      root.classList.remove("portal-registry--loading");
      error.textContent = message;
    }

    if (!id) {
      fail("発注者が指定されていません。電子保証対応の発注者一覧から発注者を選んでください。");
      return;
    }
    api.getPublic("/v1/orderers/" + encodeURIComponent(id)).then(function (answer) {
      if (!answer.ok || !answer.body || !answer.body.orderer) {
        fail(answer.status === 404 ? api.message(answer) + "一覧にない発注者の契約では、紙の保証証書をお選びください。"
          : (answer.ok ? LOAD_ERROR : api.message(answer)));
        return;
      }
      var o = answer.body.orderer;
      loading.hidden = true;
      root.classList.remove("portal-registry--loading");
      var name = o.written_name;
      if (title) title.textContent = name + "の電子保証";
      document.title = name + "の電子保証 - " + document.title.replace(/^.*? - /, "");
      heading.textContent = "電子保証の取扱い";
      document.getElementById("orderer-lead").textContent = o.suspended
        ? name + "は、" + o.accepts_from_label + "から電子保証を受け付けていますが、現在は受付を停止しています。"
        : name + "では、" + o.accepts_from_label + "から電子保証を利用できます。" +
          (o.paper_still_accepted ? "紙の保証証書も、これまでどおり利用できます。" : "紙の保証証書は利用できません（電子保証のみ）。");
      document.getElementById("orderer-suspended").hidden = !o.suspended;
      var fields = document.getElementById("orderer-fields");
      row(fields, "発注者", name);
      row(fields, "区分", o.body_type ? o.category_label + "（" + o.body_type + "）" : o.category_label);
      if (/^\d{6}$/.test(o.id)) row(fields, "団体コード", o.id);
      row(fields, "受付開始日", o.accepts_from_label + "から");
      row(fields, "電子保証にできる保証", o.kind_labels.join("、"));
      row(fields, "対象の契約", o.scope || "発注者が電子保証の利用を認めた契約");
      row(fields, "紙の保証証書", o.paper_still_accepted ? "引き続き利用できます" : "利用できません（電子保証のみ）");
      row(fields, "受付の状況", o.suspended ? "受付を停止しています" : "受け付けています");
      if (o.successor) {
        var after = element("span", (o.abolished_on ? dateJa(o.abolished_on) + "に" : "") + "次の団体に引き継がれました：");
        after.appendChild(bodyLink(base, o.successor));
        row(fields, "引継ぎ", after);
      }
      if (o.predecessors.length) {
        var before = element("span");
        o.predecessors.forEach(function (p, i) {
          if (i) before.appendChild(document.createTextNode("、"));
          before.appendChild(bodyLink(base, p));
        });
        row(fields, "引き継いだ団体", before);
      }
      var contact = document.getElementById("orderer-contact");
      var c = o.contact || {};
      row(contact, "担当", c.department);
      row(contact, "電話", c.phone);
      if (c.email) {
        var mail = element("a", c.email);
        mail.href = "mailto:" + c.email;
        row(contact, "メール", mail);
      }
      if (c.url && /^https:\/\//.test(c.url)) {
        var site = element("a", c.url);
        site.href = c.url;
        site.rel = "noopener";
        row(contact, "ウェブサイト", site);
      }
      row(contact, "受付時間", c.hours);
      document.getElementById("orderer-no-contact").hidden = !!contact.firstChild;
      contact.hidden = !contact.firstChild;
      section.hidden = false;
    }, function () { fail(LOAD_ERROR); });
  }

  // ---- the issuers --------------------------------------------------------------------------

  function issuerSection(s, issuers) {
    var section = element("section", undefined, "portal-registry-issuer");
    // A landmark's name must be unique (axe): two issuers may carry one 商号, then their ids tell them apart.
    var same = issuers.filter(function (other) { return other.name === s.name; }).length > 1;
    section.setAttribute("aria-label", same ? s.name + "（" + s.id + "）" : s.name);
    section.appendChild(element("h3", s.name));
    var facts = element("dl", undefined, "guide-summary");
    row(facts, "発行できる保証", (s.kind_labels || []).join("、"));
    row(facts, "代表者", s.representative);
    row(facts, "本店所在地", s.head_office);
    // An empty list is no list (axe): an issuer registered without any of these shows none.
    if (facts.childNodes.length) section.appendChild(facts);
    if (s.branches.length) {
      section.appendChild(element("h4", "取扱支店"));
      var branches = element("ul", undefined, "portal-registry-branches");
      s.branches.forEach(function (b) {
        var li = element("li");
        li.appendChild(element("strong", b.department || b.id));
        var lines = [b.phone ? "電話 " + b.phone : null, b.hours].filter(Boolean);
        if (lines.length) li.appendChild(element("span", lines.join("（") + (lines.length > 1 ? "）" : ""),
                                                 "portal-registry-meta"));
        if (b.email) {
          var mail = element("a", b.email);
          mail.href = "mailto:" + b.email;
          li.appendChild(mail);
        }
        branches.appendChild(li);
      });
      section.appendChild(branches);
    }
    return section;
  }

  function initIssuers(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var loading = document.getElementById("issuer-loading");
    var status = document.getElementById("issuer-count");
    var list = document.getElementById("issuer-list");
    var error = document.getElementById("issuer-error");
    api.getPublic("/v1/issuers").then(function (answer) {
      loading.hidden = true;
      root.classList.remove("portal-registry--loading");
      if (!answer.ok || !answer.body || !Array.isArray(answer.body.issuers)) {
        error.textContent = answer.ok ? LOAD_ERROR : api.message(answer);
        return;
      }
      var issuers = answer.body.issuers;
      // The API lists them by type (保証事業会社, 損害保険会社, 銀行等), then by name: one group per type, in that order.
      var groups = [];
      issuers.forEach(function (s) {
        var last = groups[groups.length - 1];
        if (!last || last.type !== s.issuer_type) groups.push(last = {type: s.issuer_type, label: s.issuer_type_label, issuers: []});
        last.issuers.push(s);
      });
      status.textContent = issuers.length ? "電子保証を発行できる発行者は" + count(issuers.length) + "社です（" +
        groups.map(function (g) { return g.label + count(g.issuers.length) + "社"; }).join("、") + "）。"
        : "電子保証を発行できる発行者は、まだ登録されていません。";
      groups.forEach(function (g) {
        var group = element("div", undefined, "portal-registry-issuer-group");
        group.appendChild(element("h2", g.label + "（" + count(g.issuers.length) + "社）"));
        g.issuers.forEach(function (s) { group.appendChild(issuerSection(s, issuers)); });
        list.appendChild(group);
      });
    }, function () {
      loading.hidden = true;
      root.classList.remove("portal-registry--loading");
      error.textContent = LOAD_ERROR;
    });
  }

  function init() {
    if (!api) return;
    document.querySelectorAll("[data-orderer-list]").forEach(initList);
    document.querySelectorAll("[data-orderer-info]").forEach(initOrderer);
    document.querySelectorAll("[data-issuer-list]").forEach(initIssuers);
  }

  // With Material's instant navigation page scripts do not re-run: document$ fires per page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
