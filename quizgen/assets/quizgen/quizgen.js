/* quizgen: grades quizzes in the browser, saves progress locally, highlights evidence.
 * No network, and no markup built from data: bank text is rendered (escaped) by the server and only shown
 * or hidden here; the script writes its own fixed words with textContent.
 * One delegated listener serves every page (instant navigation replaces the content);
 * init() is idempotent and runs from Material's document$ and from DOMContentLoaded,
 * because document$ never emits on file:// pages. */
(function () {
  "use strict";
  if (window.quizgen) return;
  var PREFIX = "quizgen:";
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(PREFIX + k)) || null; } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(PREFIX + k, JSON.stringify(v)); } catch (e) { /* private mode: keep going */ } },
    del: function (k) { try { localStorage.removeItem(PREFIX + k); } catch (e) { /* ignore */ } }
  };
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function quizOf(el) { return el.closest(".qg-quiz"); }
  function keyData(quiz) {
    var t = quiz.querySelector("template.qg-data");
    if (!quiz._qgKey) quiz._qgKey = JSON.parse((t ? t.content : quiz).querySelector("script.qg-key").textContent);
    return quiz._qgKey;
  }
  function storeKey(quiz) { return quiz.getAttribute("data-qg-bank"); }
  function load(quiz) {
    var s = store.get(storeKey(quiz));
    if (!s || s.v !== quiz.getAttribute("data-qg-version")) s = { v: quiz.getAttribute("data-qg-version"), a: {}, s: {}, o: {} };
    return s;
  }
  function norm(text, cs, as) {
    text = String(text).normalize("NFKC").replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"').replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/\s+/g, " ").trim();
    if (!as) text = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
    return cs ? text : text.toLowerCase();
  }
  function parseNumber(text) {
    var t = String(text).replace(/[\s\u00a0%]/g, "");
    if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
    else if (/^[-+]?\d+,\d+$/.test(t)) t = t.replace(",", ".");
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? parseFloat(t) : NaN;
  }

  /* The student's answer as plain data (what is saved), read from the form controls. */
  function readAnswer(q) {
    var t = q.getAttribute("data-qg-type");
    if (t === "fill_blank" || t === "numeric") return q.querySelector(".qg-input").value;
    if (t === "matching") { var m = {}; $$(q, ".qg-pair").forEach(function (p) { m[p.getAttribute("data-qg-left")] = p.querySelector("select").value; }); return m; }
    if (t === "ordering") return $$(q, ".qg-item").map(function (i) { return i.getAttribute("data-qg-item"); });
    return $$(q, "input:checked").map(function (i) { return i.value; });
  }
  function writeAnswer(q, a) {
    var t = q.getAttribute("data-qg-type");
    if (a == null) return;
    if (t === "fill_blank" || t === "numeric") q.querySelector(".qg-input").value = a;
    else if (t === "matching") $$(q, ".qg-pair").forEach(function (p) { var v = a[p.getAttribute("data-qg-left")]; if (v != null) p.querySelector("select").value = v; });
    else if (t === "ordering") reorder(q.querySelector(".qg-order"), "data-qg-item", a);
    else $$(q, "input").forEach(function (i) { i.checked = a.indexOf(i.value) >= 0; });
  }
  function isEmpty(q, a) {
    var t = q.getAttribute("data-qg-type");
    if (t === "matching") return Object.keys(a).every(function (k) { return !a[k]; });
    if (t === "ordering") return false;
    return typeof a === "string" ? !a.trim() : !a.length;
  }
  function reorder(list, attr, keys) {
    var items = {}; $$(list, ":scope > li").forEach(function (li) { items[li.getAttribute(attr)] = li; });
    if (keys.length !== Object.keys(items).length || !keys.every(function (k) { return items[k]; })) return;
    keys.forEach(function (k) { list.appendChild(items[k]); });
  }

  /* Grade one answer: {score: 0..1, marks: {part: true|false}}. */
  function grade(k, a) {
    var marks = {}, right = 0, total = 0;
    if (k.t === "single" || k.t === "multiple") {
      a.forEach(function (c) { marks[c] = k.c.indexOf(c) >= 0; });
      if (k.t === "single") return { score: a.length === 1 && marks[a[0]] ? 1 : 0, marks: marks };
      a.forEach(function (c) { right += marks[c] ? 1 : -1; });
      return { score: Math.max(0, right) / k.c.length, marks: marks };
    }
    if (k.t === "true_false") return { score: a[0] === String(k.a) ? 1 : 0, marks: marks };
    if (k.t === "fill_blank") return { score: k.a.some(function (x) { return norm(x, k.cs, k.as) === norm(a, k.cs, k.as); }) ? 1 : 0, marks: marks };
    if (k.t === "numeric") { var n = parseNumber(a); return { score: Math.abs(n - k.a) <= k.tol + 1e-9 * Math.max(1, Math.abs(k.a)) ? 1 : 0, marks: marks, nan: isNaN(n) }; }
    if (k.t === "matching") Object.keys(k.m).forEach(function (l) { total++; marks[l] = a[l] === k.m[l]; if (marks[l]) right++; });
    if (k.t === "ordering") k.o.forEach(function (it, i) { total++; marks[it] = a[i] === it; if (marks[it]) right++; });
    return { score: total ? right / total : 0, marks: marks, right: right, total: total };
  }

  function setText(el, text) { if (el) el.textContent = text; }
  function clearMarks(q) {
    q.classList.remove("qg-right", "qg-wrong", "qg-partial");
    $$(q, ".qg-ok, .qg-bad, .qg-is-answer").forEach(function (el) { el.classList.remove("qg-ok", "qg-bad", "qg-is-answer"); });
    $$(q, ".qg-feedback, .qg-feedback > *, .qg-choice-fb").forEach(function (el) { el.hidden = true; });
    $$(q, ".qg-answer, .qg-explanation, .qg-evidence").forEach(function (el) { el.hidden = false; });
    setText(q.querySelector(".qg-result"), "");
  }
  function show(q, k, a, result) {
    clearMarks(q);
    var t = k.t, s = result.score;
    q.classList.add(s === 1 ? "qg-right" : s > 0 ? "qg-partial" : "qg-wrong");
    var msg = s === 1 ? "✓ Correct." : s > 0 ? "◐ Partly right" : "✗ Not quite.";
    if (s > 0 && s < 1) msg += result.total ? ": " + result.right + " of " + result.total + " in the right place." : ": " + Math.round(s * 100) + "% of the marks.";
    if (result.nan) msg += " Write a number, such as 36 or 1.25.";
    setText(q.querySelector(".qg-result"), msg);
    if (t === "single" || t === "multiple" || t === "true_false") {
      $$(q, ".qg-choice").forEach(function (li) {
        var key = li.getAttribute("data-qg-key"), chosen = a.indexOf(key) >= 0;
        var correct = t === "true_false" ? key === String(k.a) : k.c.indexOf(key) >= 0;
        if (chosen) li.classList.add(correct ? "qg-ok" : "qg-bad");
        if (correct && s < 1 && t !== "multiple") li.classList.add("qg-is-answer");
        if (correct && t === "multiple" && !chosen) li.classList.add("qg-is-answer");
        var fb = li.querySelector(".qg-choice-fb");
        if (fb && chosen) fb.hidden = false;
      });
    }
    if (t === "matching") $$(q, ".qg-pair").forEach(function (p) { p.classList.add(result.marks[p.getAttribute("data-qg-left")] ? "qg-ok" : "qg-bad"); });
    if (t === "ordering") $$(q, ".qg-item").forEach(function (it) { it.classList.add(result.marks[it.getAttribute("data-qg-item")] ? "qg-ok" : "qg-bad"); });
    var panel = q.querySelector(".qg-feedback");
    if (panel) {
      panel.hidden = false;
      var gen = q.querySelector(s === 1 ? ".qg-fb-right" : ".qg-fb-wrong");
      if (gen) gen.hidden = false;
      var ans = q.querySelector(".qg-answer");
      if (ans) ans.hidden = s === 1;
    }
  }
  function summary(quiz, state) {
    var qs = $$(quiz, ".qg-q"), done = 0, score = 0;
    qs.forEach(function (q) { var s = state.s[q.getAttribute("data-qg-id")]; if (s != null) { done++; score += s; } });
    setText(quiz.querySelector(".qg-score-right"), String(Math.round(score * 10) / 10));
    setText(quiz.querySelector(".qg-score-done"), String(done));
  }
  function check(q, focus) {
    var quiz = quizOf(q), state = load(quiz), id = q.getAttribute("data-qg-id");
    var k = keyData(quiz).q[id], a = readAnswer(q);
    if (isEmpty(q, a)) { clearMarks(q); setText(q.querySelector(".qg-result"), "Answer the question first."); return; }
    var r = grade(k, a);
    show(q, k, a, r);
    state.a[id] = a; state.s[id] = r.score;
    store.set(storeKey(quiz), state);
    summary(quiz, state);
    if (focus) { var res = q.querySelector(".qg-result"); res.setAttribute("tabindex", "-1"); res.focus(); }
  }
  function resetQuestion(q, state) {
    var id = q.getAttribute("data-qg-id");
    delete state.a[id]; delete state.s[id];
    $$(q, "input").forEach(function (i) { if (i.type === "text") i.value = ""; else i.checked = false; });
    $$(q, "select").forEach(function (s) { s.value = ""; });
    var order = q.querySelector(".qg-order");
    if (order && order._qgStart) reorder(order, "data-qg-item", order._qgStart);
    clearMarks(q);
  }
  function moveItem(btn, dir) {
    var li = btn.closest(".qg-item"), list = li.parentNode, q = li.closest(".qg-q");
    var other = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!other) { setText(q.querySelector(".qg-result"), dir < 0 ? "Already first." : "Already last."); return; }
    list.insertBefore(li, dir < 0 ? other : other.nextElementSibling);
    var items = $$(list, ".qg-item"), pos = items.indexOf(li) + 1;
    var target = li.querySelector(dir < 0 ? (pos > 1 ? ".qg-up" : ".qg-down") : (pos < items.length ? ".qg-down" : ".qg-up"));
    target.focus();
    clearMarks(q);
    setText(q.querySelector(".qg-result"), "Moved to position " + pos + " of " + items.length + ".");
    save(q);
  }
  /* Save a changed answer; its old result no longer applies (an unchanged one keeps it:
   * a text box sends "change" on blur after Enter has already checked it). */
  function save(q) {
    var quiz = quizOf(q), state = load(quiz), id = q.getAttribute("data-qg-id"), a = readAnswer(q);
    if (JSON.stringify(a) === JSON.stringify(state.a[id])) return;
    state.a[id] = a; delete state.s[id];
    if (q.querySelector(".qg-feedback:not([hidden])")) clearMarks(q);
    store.set(storeKey(quiz), state); summary(quiz, state);
  }
  function shuffle(keys) {
    for (var i = keys.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)), x = keys[i]; keys[i] = keys[j]; keys[j] = x; }
    return keys;
  }

  function initQuiz(quiz) {
    var state = load(quiz), key = keyData(quiz), changed = false;
    $$(quiz, ".qg-q").forEach(function (q) {
      var id = q.getAttribute("data-qg-id"), list = q.querySelector(".qg-choices");
      var order = q.querySelector(".qg-order");
      if (order) order._qgStart = $$(order, ".qg-item").map(function (i) { return i.getAttribute("data-qg-item"); });
      if (list && quiz.hasAttribute("data-qg-shuffle") && key.q[id].t !== "true_false") {
        if (!state.o[id]) { state.o[id] = shuffle($$(list, ".qg-choice").map(function (c) { return c.getAttribute("data-qg-key"); })); changed = true; }
        reorder(list, "data-qg-key", state.o[id]);
        $$(list, ".qg-letter").forEach(function (l, i) { l.textContent = String.fromCharCode(65 + i); });
      }
      if (state.a[id] != null) {
        writeAnswer(q, state.a[id]);
        if (state.s[id] != null) show(q, key.q[id], state.a[id], grade(key.q[id], state.a[id]));
      }
    });
    if (changed) store.set(storeKey(quiz), state);
    summary(quiz, state);
  }
  function initProgress(box) {
    $$(box, "tr[data-qg-bank]").forEach(function (row) {
      var s = store.get(row.getAttribute("data-qg-bank")), total = +row.getAttribute("data-qg-total");
      if (!s || !s.s) return;
      var done = Object.keys(s.s).length, score = 0;
      Object.keys(s.s).forEach(function (k) { score += s.s[k]; });
      if (done) setText(row.querySelector(".qg-progress-text"), done + " of " + total + " checked · score " + Math.round(score * 10) / 10);
    });
  }
  function highlight() {
    var m = /[?&]hl=(\d+)\.(\d+)\.(\d+)/.exec(location.search);
    var old = document.querySelector("mark.qg-hl");
    if (old) { var parent = old.parentNode; while (old.firstChild) parent.insertBefore(old.firstChild, old); parent.removeChild(old); parent.normalize(); }
    if (!m) return;
    var p = document.getElementById("p" + m[1]), text = p && p.querySelector(".qg-ptext");
    if (!text) return;
    var start = +m[2], end = +m[3], pos = 0, range = document.createRange(), started = false;
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var len = node.nodeValue.length;
      if (!started && start <= pos + len) { range.setStart(node, start - pos); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, end - pos); break; }
      pos += len;
    }
    if (!started) return;
    var mark = document.createElement("mark");
    mark.className = "qg-hl";
    mark.appendChild(range.extractContents());
    range.insertNode(mark);
    p.scrollIntoView({ block: "center" });
  }
  function init() {
    $$(document, ".qg-quiz:not([data-qg-ready])").forEach(function (quiz) { quiz.setAttribute("data-qg-ready", ""); initQuiz(quiz); });
    $$(document, "[data-qg-progress]").forEach(initProgress);
    if (document.querySelector("[data-qg-article]")) highlight();
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest && ev.target.closest("button");
    if (!t || !quizOf(t)) return;
    var quiz = quizOf(t), state;
    if (t.classList.contains("qg-check")) check(t.closest(".qg-q"), true);
    else if (t.classList.contains("qg-up")) moveItem(t, -1);
    else if (t.classList.contains("qg-down")) moveItem(t, 1);
    else if (t.classList.contains("qg-reset") || t.classList.contains("qg-retry")) {
      state = load(quiz);
      var all = t.classList.contains("qg-reset"), first = null;
      $$(quiz, ".qg-q").forEach(function (q) {
        var s = state.s[q.getAttribute("data-qg-id")];
        if (all || (s != null && s < 1)) { resetQuestion(q, state); first = first || q; }
      });
      if (all) state.o = {};
      store.set(storeKey(quiz), state); summary(quiz, state);
      var f = first && first.querySelector("input, select, button");
      if (f) f.focus();
    }
  });
  document.addEventListener("change", function (ev) { var q = ev.target.closest && ev.target.closest(".qg-q"); if (q) save(q); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.key === "Escape") document.documentElement.classList.add("qg-tips-off");
    if (ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown") && t.closest && t.closest(".qg-item")) {
      ev.preventDefault();
      moveItem(t.closest(".qg-item").querySelector(ev.key === "ArrowUp" ? ".qg-up" : ".qg-down"), ev.key === "ArrowUp" ? -1 : 1);
    }
    if (ev.key === "Enter" && t.classList && t.classList.contains("qg-input")) { ev.preventDefault(); check(t.closest(".qg-q"), true); }
  });
  document.addEventListener("pointermove", function () { document.documentElement.classList.remove("qg-tips-off"); });
  document.addEventListener("focusin", function () { document.documentElement.classList.remove("qg-tips-off"); });

  window.quizgen = { init: init, grade: grade, norm: norm, parseNumber: parseNumber };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
