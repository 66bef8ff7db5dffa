/* quizgen: grades quizzes in the browser, saves progress locally, highlights evidence.
 * No network, and no markup built from data: bank text is rendered (escaped) by the server and only shown
 * or hidden here; the script writes its own fixed words with textContent.
 * One delegated listener serves every page (instant navigation replaces the content);
 * init() is idempotent and runs from Material's document$ and from DOMContentLoaded,
 * because document$ never emits on file:// pages.
 *
 * This is the core: storage, the life of a quiz (check, save, reset, retry, score) and the
 * registry of question types. What differs between types lives in quizgen/qtypes/<type>.js,
 * served right after this file; each registers one object with window.quizgen.register:
 *
 *   read(q)              the answer, as plain data (what is saved), from the form controls of q
 *   write(q, a)          put a saved answer back into the controls
 *   empty(q, a)          whether a is no answer at all (checking it only asks for one)
 *   grade(k, a)          {score: 0..1, marks: {part: bool}, right?, total?, nan?}; k is the key
 *                        that the type's key() gave the page
 *   show(q, k, a, r)     the type's own marks on a checked question (the core has cleared the old ones)
 *   start(q)             optional: note what reset() needs before a saved answer is written back
 *   reset(q)             optional: what clearing the form controls does not undo
 *   keys(q), arrange(q, keys)
 *                        optional: the shuffled bank's order of options (keys is the shown order)
 *   click(button, q), keydown(ev, q)
 *                        optional: the type's own buttons and keys; return true when handled
 *
 * Progress is saved under one key per quiz, scoped like Material's __md_scope to the folder of
 * the site (two sites on one origin, or two copies opened from file://, never share it), to the
 * source and to the bank: "quizgen:2:<scope>:<source>:<bank>", holding
 *   {"q": {"<question id>": {"v": "<question version>", "a": answer, "s": score, "o": [shown order]}}}
 * "s" only when the answer was checked, "o" only in a shuffled bank. An entry whose "v" is not
 * the question's data-qg-v is someone else's question (it was edited since): it is never shown,
 * and it is dropped when the quiz opens, while the other questions keep theirs. */
(function () {
  "use strict";
  if (window.quizgen) return;
  var STORE = "quizgen:2:";
  var OLD = "quizgen:"; // the first format: one record per bank slug, for the whole origin
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)) || null; } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode: keep going */ } },
    del: function (k) { try { localStorage.removeItem(k); } catch (e) { /* ignore */ } }
  };
  var types = {};
  function register(name, grader) { types[name] = grader; }

  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function quizOf(el) { return el.closest(".qg-quiz"); }
  function qid(q) { return q.getAttribute("data-qg-id"); }
  function typeOf(q) {
    var name = q.getAttribute("data-qg-type"), t = types[name];
    if (!t) throw new Error("quizgen: no script registered the question type " + name);
    return t;
  }
  function keyData(quiz) {
    var t = quiz.querySelector("template.qg-data");
    if (!quiz._qgKey) quiz._qgKey = JSON.parse((t ? t.content : quiz).querySelector("script.qg-key").textContent);
    return quiz._qgKey;
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
  /* Put the children of list in the order of keys (their values of attr); false, and nothing
   * moved, when keys are not exactly the children's (a saved order from an older page). */
  function reorder(list, attr, keys) {
    var items = {}; $$(list, ":scope > li").forEach(function (li) { items[li.getAttribute(attr)] = li; });
    if (!keys || keys.length !== Object.keys(items).length || !keys.every(function (k) { return items[k]; })) return false;
    keys.forEach(function (k) { list.appendChild(items[k]); });
    return true;
  }
  /* A question id may be "constructor" or "toString": never read one from an object's prototype. */
  function own(obj, k) { return obj && Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined; }
  function setText(el, text) { if (el) el.textContent = text; }
  function say(q, text) { setText(q.querySelector(".qg-result"), text); }

  /* -- storage ---------------------------------------------------------------------------- */

  /* The folder of the site, from the page's relative link to it: "/" for a site at the root of
   * its origin, "/b/" for one under /b/, the folder's path for a copy opened from file://. */
  function scope(el) {
    var root = el.getAttribute("data-qg-root") || "./";
    return new URL(root, location.href).pathname.replace(/[^/]*$/, "");
  }
  function recordKey(scopeOf, source, bank) { return STORE + scope(scopeOf) + ":" + source + ":" + bank; }
  function quizKey(quiz) { return recordKey(quiz, quiz.getAttribute("data-qg-source"), quiz.getAttribute("data-qg-bank")); }
  function load(quiz) {
    var r = store.get(quizKey(quiz));
    return r && typeof r.q === "object" && r.q ? r : { q: {} };
  }
  function keep(quiz, rec) {
    if (Object.keys(rec.q).length) store.set(quizKey(quiz), rec); else store.del(quizKey(quiz));
  }
  /* The saved entry of q, if it was saved for this version of q. */
  function entry(rec, q) {
    var e = own(rec.q, qid(q));
    return e && e.v === q.getAttribute("data-qg-v") ? e : null;
  }
  /* The entry of q to write to (a fresh one in place of an entry for another version). */
  function entryFor(rec, q) { return entry(rec, q) || (rec.q[qid(q)] = { v: q.getAttribute("data-qg-v") }); }
  function clearEntry(rec, q, all) {
    var e = entry(rec, q);
    if (!e) return;
    delete e.a; delete e.s;
    if (all || !e.o) delete rec.q[qid(q)];
  }

  /* The first format kept {v: bank version, a: {id: answer}, s: {id: score}, o: {id: order}}
   * under "quizgen:<bank>" for the whole origin. Its answers come over once, for the questions
   * that still exist. Their versions were not saved; when the bank's version is the one saved,
   * no answer key has changed since, so the answers are graded again; otherwise they come back
   * unchecked, since an edited question must not show an old result. */
  function migrate(quiz, qs) {
    var oldKey = OLD + quiz.getAttribute("data-qg-bank"), old = store.get(oldKey), rec = { q: {} };
    if (!old || typeof old.a !== "object" || !old.a) return null;
    var same = old.v === quiz.getAttribute("data-qg-version"), key = keyData(quiz);
    qs.forEach(function (q) {
      var id = qid(q), a = own(old.a, id), o = own(old.o, id);
      if (a == null && !o) return;
      var e = entryFor(rec, q);
      if (o) e.o = o;
      if (a == null) return;
      e.a = a;
      if (same && own(old.s, id) != null && own(key.q, id)) e.s = typeOf(q).grade(key.q[id], a).score;
    });
    store.del(oldKey);
    return rec;
  }

  /* -- the life of a quiz ------------------------------------------------------------------- */

  /* The marks a check leaves (the classes and panels quizgen.css styles for every type) go
   * before the next one, so a type's show() only adds its own. */
  function clearMarks(q) {
    q.classList.remove("qg-right", "qg-wrong", "qg-partial");
    $$(q, ".qg-ok, .qg-bad, .qg-is-answer").forEach(function (el) { el.classList.remove("qg-ok", "qg-bad", "qg-is-answer"); });
    $$(q, ".qg-feedback, .qg-feedback > *, .qg-choice-fb").forEach(function (el) { el.hidden = true; });
    $$(q, ".qg-answer, .qg-explanation, .qg-evidence").forEach(function (el) { el.hidden = false; });
    say(q, "");
  }
  function show(q, k, a, result) {
    clearMarks(q);
    var s = result.score;
    q.classList.add(s === 1 ? "qg-right" : s > 0 ? "qg-partial" : "qg-wrong");
    var msg = s === 1 ? "✓ Correct." : s > 0 ? "◐ Partly right" : "✗ Not quite.";
    if (s > 0 && s < 1) msg += result.total ? ": " + result.right + " of " + result.total + " in the right place." : ": " + Math.round(s * 100) + "% of the marks.";
    if (result.nan) msg += " Write a number, such as 36 or 1.25.";
    say(q, msg);
    typeOf(q).show(q, k, a, result);
    var panel = q.querySelector(".qg-feedback");
    if (panel) {
      panel.hidden = false;
      var gen = q.querySelector(s === 1 ? ".qg-fb-right" : ".qg-fb-wrong");
      if (gen) gen.hidden = false;
      var ans = q.querySelector(".qg-answer");
      if (ans) ans.hidden = s === 1;
    }
  }
  function summary(quiz, rec) {
    var done = 0, score = 0;
    $$(quiz, ".qg-q").forEach(function (q) { var e = entry(rec, q); if (e && e.s != null) { done++; score += e.s; } });
    setText(quiz.querySelector(".qg-score-right"), String(Math.round(score * 10) / 10));
    setText(quiz.querySelector(".qg-score-done"), String(done));
  }
  /* Grade one answer with the grader its key names (for tests and tools; the page grades by question). */
  function grade(k, a) { return types[k.t].grade(k, a); }
  function check(q, focus) {
    var quiz = quizOf(q), rec = load(quiz), t = typeOf(q);
    var k = keyData(quiz).q[qid(q)], a = t.read(q);
    if (t.empty(q, a)) { clearMarks(q); say(q, "Answer the question first."); return; }
    var r = t.grade(k, a);
    show(q, k, a, r);
    var e = entryFor(rec, q);
    e.a = a; e.s = r.score;
    keep(quiz, rec);
    summary(quiz, rec);
    if (focus) { var res = q.querySelector(".qg-result"); res.setAttribute("tabindex", "-1"); res.focus(); }
  }
  function resetQuestion(q, rec, all) {
    clearEntry(rec, q, all);
    $$(q, "input").forEach(function (i) { if (i.type === "text") i.value = ""; else i.checked = false; });
    $$(q, "select").forEach(function (s) { s.value = ""; });
    var t = typeOf(q);
    if (t.reset) t.reset(q);
    clearMarks(q);
  }
  /* Save a changed answer; its old result no longer applies (an unchanged one keeps it:
   * a text box sends "change" on blur after Enter has already checked it). */
  function save(q) {
    var quiz = quizOf(q), rec = load(quiz), a = typeOf(q).read(q), old = entry(rec, q);
    if (old && JSON.stringify(a) === JSON.stringify(old.a)) return;
    var e = entryFor(rec, q);
    e.a = a; delete e.s;
    if (q.querySelector(".qg-feedback:not([hidden])")) clearMarks(q);
    keep(quiz, rec); summary(quiz, rec);
  }
  function shuffle(keys) {
    for (var i = keys.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)), x = keys[i]; keys[i] = keys[j]; keys[j] = x; }
    return keys;
  }

  function initQuiz(quiz) {
    var qs = $$(quiz, ".qg-q"), stored = store.get(quizKey(quiz));
    var rec = stored && typeof stored.q === "object" && stored.q ? stored : migrate(quiz, qs) || { q: {} };
    var key = keyData(quiz), changed = rec !== stored, current = {};
    qs.forEach(function (q) { current[qid(q)] = q; });
    // Entries of questions that are gone or were edited go now, so the record does not grow.
    Object.keys(rec.q).forEach(function (id) {
      var q = own(current, id);
      if (!q || !entry(rec, q)) { delete rec.q[id]; changed = true; }
    });
    qs.forEach(function (q) {
      var t = typeOf(q), id = qid(q), e = entry(rec, q);
      if (t.start) t.start(q);
      if (t.keys && quiz.hasAttribute("data-qg-shuffle")) {
        var o = e && e.o;
        if (!o || !t.arrange(q, o)) {
          e = entryFor(rec, q);
          e.o = shuffle(t.keys(q));
          t.arrange(q, e.o);
          changed = true;
        }
      }
      if (e && e.a != null) {
        t.write(q, e.a);
        if (e.s != null) show(q, key.q[id], e.a, t.grade(key.q[id], e.a));
      }
    });
    if (changed) keep(quiz, rec);
    summary(quiz, rec);
  }
  /* A progress row counts the checked entries of the questions its bank has now (data-qg-ids).
   * It cannot see their versions: the entry of a question edited since the last visit counts
   * until its quiz is opened again, which drops it. */
  function initProgress(box) {
    $$(box, "tr[data-qg-bank]").forEach(function (row) {
      var rec = store.get(recordKey(box, row.getAttribute("data-qg-source"), row.getAttribute("data-qg-bank")));
      if (!rec || typeof rec.q !== "object" || !rec.q) return;
      var done = 0, score = 0;
      (row.getAttribute("data-qg-ids") || "").split(" ").forEach(function (id) {
        var e = own(rec.q, id);
        if (e && typeof e.s === "number") { done++; score += e.s; }
      });
      if (done) setText(row.querySelector(".qg-progress-text"), done + " of " + row.getAttribute("data-qg-total") + " checked · score " + Math.round(score * 10) / 10);
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
    var quiz = quizOf(t), q = t.closest(".qg-q"), rec;
    if (q && t.classList.contains("qg-check")) check(q, true);
    else if (q) { var g = typeOf(q); if (g.click) g.click(t, q); }
    else if (t.classList.contains("qg-reset") || t.classList.contains("qg-retry")) {
      rec = load(quiz);
      var all = t.classList.contains("qg-reset"), first = null;
      $$(quiz, ".qg-q").forEach(function (q) {
        var e = entry(rec, q);
        if (all || (e && e.s != null && e.s < 1)) { resetQuestion(q, rec, all); first = first || q; }
      });
      keep(quiz, rec); summary(quiz, rec);
      var f = first && first.querySelector("input, select, button");
      if (f) f.focus();
    }
  });
  document.addEventListener("change", function (ev) { var q = ev.target.closest && ev.target.closest(".qg-q"); if (q) save(q); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, q = t.closest && t.closest(".qg-q");
    if (ev.key === "Escape") document.documentElement.classList.add("qg-tips-off");
    if (!q || !quizOf(q)) return;
    var g = typeOf(q);
    if (g.keydown && g.keydown(ev, q)) return;
    // Enter in a text box checks it, as a form would submit (the quiz is not a form: nothing is sent).
    if (ev.key === "Enter" && t.matches("input[type=text]")) { ev.preventDefault(); check(q, true); }
  });
  document.addEventListener("pointermove", function () { document.documentElement.classList.remove("qg-tips-off"); });
  document.addEventListener("focusin", function () { document.documentElement.classList.remove("qg-tips-off"); });

  window.quizgen = {
    types: types, register: register, init: init, grade: grade,
    // for the type scripts
    $$: $$, norm: norm, parseNumber: parseNumber, reorder: reorder, say: say, save: save, clearMarks: clearMarks
  };
  /* The type scripts follow this one in the same file: start once they have registered (a
   * microtask runs when the whole script has run, and before DOMContentLoaded). */
  Promise.resolve().then(function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  });
})();
