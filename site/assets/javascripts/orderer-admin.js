/* 発注者の管理者: the orderer's departments and notification addresses, kept by an administrator
   the operator named, and what its staff did (staff.js signs in). The page lays out what the
   API says: the lists, their limits, who changes the staff domains, every refusal's wording. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  var ACTIVITY_PAGE = 20;

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function init() {
    var root = document.querySelector(".portal-admin");
    if (!root || !window.portalStaff) return;
    var staffUi = window.portalStaff.ui();
    if (staffUi.cancel) staffUi.cancel.remove(); // nothing to go back to: the page needs the sign-in
    if (staffUi.adminLink) staffUi.adminLink.remove(); // this is the page it leads to
    staffUi.adminLink = null;
    var byId = function (id) { return document.getElementById(id); };
    var loading = byId("admin-loading");
    var refused = byId("admin-refused");
    var settingsSection = byId("admin-settings");
    var activitySection = byId("admin-activity");
    var form = byId("admin-form");
    var status = byId("admin-status");
    var problemsBox = byId("admin-problems");
    var conflict = byId("admin-conflict");
    var error = byId("admin-error");
    var lists = {
      departments: { list: byId("admin-departments"), error: byId("admin-departments-error"),
                     add: byId("admin-add-department"), name: "担当部署", type: "text", id: "admin-department" },
      notification_addresses: { list: byId("admin-addresses"), error: byId("admin-addresses-error"),
                                add: byId("admin-add-address"), name: "通知先メールアドレス", type: "email",
                                id: "admin-address" }
    };
    var loaded = null; // the settings as last read or saved (their revision is the base of a change)
    var nextCursor = null;

    function hideAll() {
      refused.hidden = settingsSection.hidden = activitySection.hidden = true;
    }

    function signIn() {
      hideAll();
      staffUi.signedIn.hidden = true;
      loading.hidden = true;
      window.portalStaff.require(staffUi, true).then(function (session) {
        staffUi.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        load(byId("admin-settings-heading"));
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    /* A refusal that is not about the fields: not signed in (sign in again), not an
       administrator (say so, in the API's words), or anything else (said where it happened). */
    function refusedBy(answer, where) {
      if (answer.status === 401) {
        signIn();
        return true;
      }
      var code = answer.body && answer.body.error && answer.body.error.code;
      if (answer.status === 403 && code === "not_administrator") {
        hideAll();
        byId("admin-refused-message").textContent = api.message(answer);
        refused.hidden = false;
        byId("admin-refused-heading").focus();
        return true;
      }
      return false;
    }

    function load(focusTarget) {
      error.textContent = "";
      loading.hidden = false;
      api.call("GET", "/v1/staff/orderer").then(function (answer) {
        loading.hidden = true;
        if (refusedBy(answer)) return;
        if (!answer.ok) {
          error.textContent = api.message(answer);
          return;
        }
        show(answer.body);
        clearProblems();
        conflict.hidden = true;
        settingsSection.hidden = false;
        activitySection.hidden = false;
        loadActivity(false);
        if (focusTarget) focusTarget.focus();
      }, function () {
        loading.hidden = true;
        error.textContent = NETWORK_ERROR;
      });
    }

    // ---- the settings ------------------------------------------------------------------

    function show(settings) {
      loaded = settings;
      byId("admin-orderer").textContent = settings.orderer.name;
      byId("admin-changed").textContent = settings.changed_at_label ? "（最終更新：" + settings.changed_at_label + "）" : "";
      byId("admin-departments-limit").textContent = settings.limits.departments + "件まで・各" +
        settings.limits.department_length + "文字まで";
      byId("admin-addresses-limit").textContent = settings.limits.notification_addresses + "件まで";
      render("departments", settings.departments);
      render("notification_addresses", settings.notification_addresses);
      byId("admin-domains").textContent = settings.staff_email_domains.join("、");
      byId("admin-administrators").textContent = settings.administrators.join("、");
      byId("admin-domains-note").textContent = settings.staff_email_domains_note;
      showInbox(settings);
    }

    // ---- 電子提出 (inbox settings) -----------------------------------------------------------

    var inboxBox = byId("admin-inbox");
    var inboxAccepts = byId("admin-inbox-accepts");
    var inboxShares = byId("admin-inbox-shares");
    var inboxDepartments = byId("admin-inbox-departments");

    // The frequencies as the API names them: {each: "…", …} or [{value|frequency, label}].
    function frequencies(options) {
      var f = (options && options.frequencies) || {};
      if (Array.isArray(f)) {
        return f.map(function (o) {
          return typeof o === "string" ? [o, o] : [o.value || o.frequency || o.key, o.label];
        });
      }
      return Object.keys(f).map(function (k) { return [k, f[k]]; });
    }

    /* One block per department as saved: how often it hears of new submissions and at which
       addresses (one a line). A department the API lists no mail for yet hears nothing ("none"). */
    function showInbox(settings) {
      var inbox = settings.inbox;
      inboxBox.hidden = !inbox;
      if (!inbox) return;
      inboxAccepts.checked = !!inbox.accepts;
      inboxShares.checked = !!inbox.shares_reference;
      var mails = {};
      (inbox.department_mail || []).forEach(function (m) { mails[m.department] = m; });
      var options = frequencies(settings.inbox_options);
      var max = settings.inbox_options && settings.inbox_options.max_addresses;
      inboxDepartments.textContent = "";
      settings.departments.forEach(function (department, n) {
        var mail = mails[department] || { addresses: [], frequency: "none" };
        var group = element("fieldset", undefined, "portal-admin-inbox-department");
        group.dataset.department = department;
        group.appendChild(element("legend", department));
        var often = element("div", undefined, "portal-field");
        var select = element("select");
        select.id = "admin-inbox-mail-" + n + "-frequency";
        options.forEach(function (o) { select.appendChild(new Option(o[1], o[0])); });
        select.value = mail.frequency;
        var oftenLabel = element("label", "新しい提出のお知らせ");
        oftenLabel.htmlFor = select.id;
        often.append(oftenLabel, select, fieldError(select));
        var where = element("div", undefined, "portal-field");
        var addresses = element("textarea");
        addresses.id = "admin-inbox-mail-" + n + "-addresses";
        addresses.rows = 2;
        addresses.value = (mail.addresses || []).join("\n");
        addresses.setAttribute("inputmode", "email");
        var whereLabel = element("label", "お知らせするメールアドレス（1行に1件" + (max ? "・" + max + "件まで" : "") + "）");
        whereLabel.htmlFor = addresses.id;
        where.append(whereLabel, addresses, fieldError(addresses));
        group.append(often, where);
        inboxDepartments.appendChild(group);
      });
    }

    function fieldError(input) {
      var problem = element("p", "", "portal-field-error");
      problem.id = input.id + "-error";
      input.setAttribute("aria-describedby", problem.id);
      return problem;
    }

    /* The whole inbox object, as PATCH takes it: a department that hears nothing and has no
       address needs no entry, and one renamed or removed in the same save takes its entry with it. */
    function inboxValues(departments) {
      var mail = [];
      Array.prototype.forEach.call(inboxDepartments.children, function (group, n) {
        var addresses = byId("admin-inbox-mail-" + n + "-addresses").value.split(/[\s,、，]+/)
          .map(function (a) { return a.trim(); }).filter(Boolean);
        var frequency = byId("admin-inbox-mail-" + n + "-frequency").value;
        if (departments.indexOf(group.dataset.department) < 0) return;
        if (frequency === "none" && !addresses.length) return;
        mail.push({ department: group.dataset.department, addresses: addresses, frequency: frequency });
      });
      return { accepts: inboxAccepts.checked, shares_reference: inboxShares.checked, department_mail: mail };
    }

    // Sent only when it differs from what was read: a save of the departments alone stays one.
    function inboxChanged(inbox) {
      var before = loaded.inbox;
      var kept = (before.department_mail || []).filter(function (m) {
        return m.frequency !== "none" || (m.addresses || []).length;
      });
      return JSON.stringify([inbox.accepts, inbox.shares_reference, inbox.department_mail]) !==
        JSON.stringify([!!before.accepts, !!before.shares_reference, kept.map(function (m) {
          return { department: m.department, addresses: m.addresses || [], frequency: m.frequency };
        })]);
    }

    // inbox.department_mail.2.addresses.1 → the third department's addresses; inbox.accepts → its box.
    function inboxProblem(parts, message) {
      var target = null;
      if (parts[1] === "department_mail" && parts.length > 3) {
        target = byId("admin-inbox-mail-" + parts[2] + "-" + (parts[3] === "frequency" ? "frequency" : "addresses"));
      } else if (parts[1] === "accepts") {
        target = inboxAccepts;
      } else if (parts[1] === "shares_reference") {
        target = inboxShares;
      }
      if (target && byId(target.id + "-error")) {
        target.setAttribute("aria-invalid", "true");
        byId(target.id + "-error").textContent = message;
      } else {
        byId("admin-inbox-error").textContent = message;
      }
      return target || inboxAccepts;
    }

    function values(key) {
      return Array.prototype.map.call(lists[key].list.querySelectorAll("input"), function (input) {
        return input.value;
      });
    }

    function label(key, n) {
      return lists[key].name + "（" + (n + 1) + "番目）";
    }

    /* The list's rows from ``items``; ``focus`` ({row, part}) says which control of which row
       takes the focus afterwards (the moved row's same button, the next row after a removal). */
    function render(key, items, focus) {
      var spec = lists[key];
      spec.list.textContent = "";
      items.forEach(function (value, n) {
        var li = element("li", undefined, "portal-admin-row");
        var number = element("span", String(n + 1), "portal-admin-number");
        number.setAttribute("aria-hidden", "true"); // the field's label says which one it is
        li.appendChild(number);
        var field = element("div", undefined, "portal-field");
        var input = element("input");
        input.id = spec.id + "-" + n;
        input.type = spec.type;
        input.name = key;
        input.value = value;
        if (key === "departments") input.maxLength = loaded.limits.department_length;
        else {
          input.autocomplete = "off";
          input.inputMode = "email";
        }
        var name = element("label", label(key, n), "portal-visually-hidden");
        name.htmlFor = input.id;
        var problem = element("p", "", "portal-field-error");
        problem.id = input.id + "-error";
        input.setAttribute("aria-describedby", problem.id);
        field.appendChild(name);
        field.appendChild(input);
        li.appendChild(field);
        var actions = element("div", undefined, "portal-admin-row-actions");
        if (key === "departments") {
          actions.appendChild(rowButton(key, n, "up", "上へ", label(key, n) + "を上へ移動", n === 0));
          actions.appendChild(rowButton(key, n, "down", "下へ", label(key, n) + "を下へ移動", n === items.length - 1));
        }
        actions.appendChild(rowButton(key, n, "remove", "削除", label(key, n) + "を削除", false));
        li.appendChild(actions);
        li.appendChild(problem);
        spec.list.appendChild(li);
      });
      spec.add.disabled = items.length >= (key === "departments" ? loaded.limits.departments
                                                                  : loaded.limits.notification_addresses);
      if (focus) {
        var row = spec.list.children[Math.min(focus.row, items.length - 1)];
        var target = row && (focus.part === "input" ? row.querySelector("input")
                                                    : row.querySelector('[data-part="' + focus.part + '"]'));
        // A button that no longer applies (上へ on the first row) hands the focus to the field.
        if (target && target.disabled) target = row.querySelector("input");
        (target || spec.add).focus();
      }
    }

    function rowButton(key, n, part, text, name, disabled) {
      var button = element("button", text, "md-button portal-admin-row-button");
      button.type = "button";
      button.dataset.part = part;
      button.setAttribute("aria-label", name);
      button.disabled = disabled;
      button.addEventListener("click", function () { edit(key, n, part); });
      return button;
    }

    function edit(key, n, part) {
      var items = values(key);
      clearProblems();
      status.textContent = "";
      if (part === "remove") {
        items.splice(n, 1);
        render(key, items, { row: n, part: "input" });
        if (!items.length) lists[key].add.focus();
        return;
      }
      var to = part === "up" ? n - 1 : n + 1;
      var moved = items.splice(n, 1)[0];
      items.splice(to, 0, moved);
      render(key, items, { row: to, part: part });
      status.textContent = label(key, n) + "を" + (to + 1) + "番目に移動しました。";
    }

    Object.keys(lists).forEach(function (key) {
      lists[key].add.addEventListener("click", function () {
        var items = values(key);
        items.push("");
        clearProblems();
        render(key, items, { row: items.length - 1, part: "input" });
      });
    });

    function clearProblems() {
      problemsBox.textContent = "";
      byId("admin-inbox-error").textContent = "";
      Array.prototype.forEach.call(inboxDepartments.querySelectorAll("select, textarea"), function (input) {
        input.removeAttribute("aria-invalid");
        byId(input.id + "-error").textContent = "";
      });
      Object.keys(lists).forEach(function (key) {
        lists[key].error.textContent = "";
        Array.prototype.forEach.call(lists[key].list.querySelectorAll("input"), function (input) {
          input.removeAttribute("aria-invalid");
          byId(input.id + "-error").textContent = "";
        });
      });
    }

    /* Each problem at its field (departments.2 → the third row; departments → the list), and all
       of them together above the form; the first field named takes the focus. */
    function showProblems(problems) {
      var first = null;
      problemsBox.textContent = ["入力内容を確認してください。"].concat(problems.map(function (p) {
        return p.message;
      })).join("\n");
      problems.forEach(function (p) {
        var parts = (p.field || "").split(".");
        if (parts[0] === "inbox") {
          first = first || inboxProblem(parts, p.message);
          return;
        }
        var spec = lists[parts[0]];
        if (!spec) return;
        if (parts.length > 1) {
          var input = byId(spec.id + "-" + parts[1]);
          if (input) {
            input.setAttribute("aria-invalid", "true");
            byId(input.id + "-error").textContent = p.message;
            first = first || input;
            return;
          }
        }
        spec.error.textContent = p.message;
        first = first || spec.list.querySelector("input") || spec.add;
      });
      (first || problemsBox).focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearProblems();
      status.textContent = "";
      conflict.hidden = true;
      var save = byId("admin-save");
      save.disabled = true;
      var change = { revision: loaded.revision, departments: values("departments"),
                     notification_addresses: values("notification_addresses") };
      if (loaded.inbox) {
        var inbox = inboxValues(change.departments);
        if (inboxChanged(inbox)) change.inbox = inbox;
      }
      api.call("PATCH", "/v1/staff/orderer", change).then(function (answer) {
        save.disabled = false;
        if (refusedBy(answer)) return;
        if (answer.status === 409) {
          byId("admin-conflict-message").textContent = api.message(answer);
          conflict.hidden = false;
          byId("admin-reload").focus();
          return;
        }
        if (answer.status === 400) return showProblems(api.problems(answer));
        if (!answer.ok) {
          problemsBox.textContent = api.message(answer);
          return;
        }
        var changed = answer.body.revision !== loaded.revision;
        show(answer.body);
        status.textContent = changed ? "保存しました。" : "変更はありませんでした。";
      }, function () {
        save.disabled = false;
        problemsBox.textContent = NETWORK_ERROR;
      });
    });

    byId("admin-undo").addEventListener("click", function () {
      clearProblems();
      show(loaded);
      status.textContent = "保存した設定に戻しました。";
    });
    byId("admin-reload").addEventListener("click", function () {
      status.textContent = "";
      load(byId("admin-settings-heading"));
    });

    // ---- the staff's activity ----------------------------------------------------------

    function loadActivity(more) {
      var errorBox = byId("admin-activity-error");
      errorBox.textContent = "";
      var query = "?limit=" + ACTIVITY_PAGE + (more && nextCursor ? "&cursor=" + encodeURIComponent(nextCursor) : "");
      api.call("GET", "/v1/staff/activity" + query).then(function (answer) {
        if (refusedBy(answer)) return;
        if (!answer.ok) {
          errorBox.textContent = api.message(answer);
          return;
        }
        var body = byId("admin-activity-table").tBodies[0];
        if (!more) body.textContent = "";
        var firstNew = null;
        answer.body.entries.forEach(function (entry) {
          var tr = row(entry);
          firstNew = firstNew || tr;
          body.appendChild(tr);
        });
        nextCursor = answer.body.next_cursor;
        var shown = body.rows.length;
        byId("admin-activity-table").hidden = !shown;
        byId("admin-activity-empty").hidden = !!shown;
        byId("admin-activity-count").textContent = shown ? shown + "件を表示しています。" : "";
        var moreButton = byId("admin-activity-more");
        moreButton.hidden = !nextCursor;
        // After さらに表示: the first new row, so the reader continues where the list grew.
        if (more && firstNew) firstNew.querySelector("th").focus();
        else if (more) moreButton.focus();
      }, function () { errorBox.textContent = NETWORK_ERROR; });
    }

    function row(entry) {
      var tr = element("tr");
      tr.setAttribute("role", "row");
      tr.dataset.action = entry.action;
      var when = element("th", entry.at_label);
      when.setAttribute("role", "rowheader");
      when.scope = "row";
      when.tabIndex = -1;
      tr.appendChild(when);
      [entry.email, entry.action_label].forEach(function (text) {
        var td = element("td", text);
        td.setAttribute("role", "cell");
        tr.appendChild(td);
      });
      var what = element("td");
      what.setAttribute("role", "cell");
      if (entry.contract_number) {
        what.appendChild(element("span", entry.contract_number + "（" + entry.version_label + "）", "portal-admin-line"));
      }
      var where = [entry.department, entry.name].filter(Boolean).join(" ");
      if (where) what.appendChild(element("span", where, "portal-admin-line"));
      tr.appendChild(what);
      return tr;
    }

    byId("admin-activity-more").addEventListener("click", function () { loadActivity(true); });
    staffUi.signOut.addEventListener("click", function () {
      window.portalStaff.signOut().then(null, function () { return null; }).then(signIn);
    });
    signIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
