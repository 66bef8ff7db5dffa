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
 *   keep(q, k, a, r)     optional: the part of a partly right answer that "Try the wrong ones again"
 *                        keeps (the right rows of a matching question); without it, nothing is kept
 *   sync(q)              optional: bring up to date what shows the answer besides the controls
 *
 * Words: the script has none of its own. Each quiz and progress table carries its words, in the
 * site's language, in its data block (<template class="qg-data">, script.qg-strings), with {name}
 * placeholders and a plural as one form per Intl.PluralRules category; tr() picks and fills them.
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
  /* A quiz page loads this script twice: right after the quiz's first questions (see start()),
   * and with every page at its end. The second time, only the quiz it follows is started. */
  if (window.quizgen) { window.quizgen.start(document.currentScript); return; }
  var me = document.currentScript;
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
  function qid(q) { return q.id.slice(2); }  /* the element is id="q-" + the question's id */
  function typeOf(q) {
    var name = q.getAttribute("data-qg-type"), t = types[name];
    if (!t) throw new Error("quizgen: no script registered the question type " + name);
    return t;
  }
  /* The grading data; a graded quiz has none (docs/graded.md): it saves answers, never checks them. */
  function keyData(quiz) {
    var t = quiz.querySelector("template.qg-data"), s = (t ? t.content : quiz).querySelector("script.qg-key");
    if (!quiz._qgKey) quiz._qgKey = s ? JSON.parse(s.textContent) : { q: {} };
    return quiz._qgKey;
  }
  /* Answers are compared by one specification, written out in quizgen/answers.py and tested
   * against one table of cases (tests/fixtures/answers.json) in Python and in this script. */
  var WS = "\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var SPACES = new RegExp("[" + WS + "]+", "g"), SPACES_HYPHENS = new RegExp("[" + WS + "-]+", "g");
  var SCALES = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, lakh: 1e5, crore: 1e7 };
  function fold(text) {
    return String(text).normalize("NFKC").replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"').replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, "");
  }
  function strip(text, chars) {
    var a = 0, b = text.length;
    while (a < b && chars.indexOf(text.charAt(a)) >= 0) a++;
    while (b > a && chars.indexOf(text.charAt(b - 1)) >= 0) b--;
    return text.slice(a, b);
  }
  function norm(text, cs, as) {
    text = fold(text);
    if (!as) text = text.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
    if (!cs) text = text.toLowerCase();
    return strip(text.replace(SPACES_HYPHENS, " "), " .,;:!?'\"");
  }
  function words(text) {
    return norm(String(text).replace(/%/g, " % ")).split(" ").filter(Boolean).map(function (w) { return w === "%" ? "percent" : w; });
  }
  function sameWord(g, u) {
    if (u.slice(-3) === "(s)") u = u.slice(0, -3);
    return g === u || g + "s" === u || g === u + "s";
  }
  /* The values a typed number may mean in the question's unit ([] when it is not a number):
   * "1,250", "1 250", "1,25", "22 million" for the unit "million people" (22), "36 %". */
  function parseNumber(text, unit) {
    var t = strip(fold(text).toLowerCase().replace(SPACES, " "), " ");
    t = strip(t.replace(/[.,;:!?]+$/, ""), " ");
    var m = /^([-+]?)(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d{1,3}(?:[ ']\d{3})+(?:\.\d*)?|\d+,\d{1,2}(?!\d)|\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(t);
    if (!m) return [];
    var digits = /^\d+,\d{1,2}$/.test(m[2]) ? m[2].replace(",", ".") : m[2].replace(/[, ']/g, "");
    var rest = t.slice(m[0].length);
    if (rest && !(rest.charAt(0) === " " || rest.charAt(0) === "%" || /^\p{L}/u.test(rest))) return [];
    var n = parseFloat(m[1] + digits + (m[3] || ""));
    if (!isFinite(n)) return [];
    var given = words(rest), unitWords = unit ? words(unit) : [];
    var unitScale = unitWords.length && SCALES.hasOwnProperty(unitWords[0]) ? SCALES[unitWords[0]] : 1;
    if (unitScale !== 1) unitWords = unitWords.slice(1);
    if (given.length && given[given.length - 1] === "percent" && unitWords.indexOf("percent") < 0) given = given.slice(0, -1);
    var scale = given.length && SCALES.hasOwnProperty(given[0]) ? SCALES[given[0]] : null;
    if (scale !== null) given = given.slice(1);
    if (given.length > unitWords.length || !given.every(function (g, i) { return sameWord(g, unitWords[i]); })) return [];
    if (scale !== null) return [n * scale / unitScale];
    return unitScale === 1 ? [n] : [n, n / unitScale];
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
  /* The words of the component el is in (a quiz or a progress table), from its data block. */
  function lexicon(el) {
    var box = el.closest(".qg-quiz, [data-qg-progress]");
    if (!box) return {};
    if (!box._qgWords) {
      var d = box.querySelector("template.qg-data"), s = d && d.content.querySelector("script.qg-strings");
      box._qgWords = s ? JSON.parse(s.textContent) : {};
    }
    return box._qgWords;
  }
  function num(el, n) { return new Intl.NumberFormat(lexicon(el).lang, { maximumFractionDigits: 1 }).format(n); }
  /* The words called name, in the plural form for count (when given), with {placeholders} filled in. */
  function tr(el, name, vars, count) {
    var w = lexicon(el), s = own(w, name);
    if (s && typeof s === "object") s = own(s, new Intl.PluralRules(w.lang).select(count)) || s.other;
    return String(s == null ? name : s).replace(/\{(\w+)\}/g, function (m, k) { return vars && own(vars, k) != null ? vars[k] : m; });
  }

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
  var MARKS = { "qg-ok": "mark_right", "qg-bad": "mark_wrong", "qg-is-answer": "mark_answer" };
  function clearMarks(q) {
    q.classList.remove("qg-right", "qg-wrong", "qg-partial");
    $$(q, ".qg-ok, .qg-bad, .qg-is-answer").forEach(function (el) {
      el.classList.remove("qg-ok", "qg-bad", "qg-is-answer");
      el.removeAttribute("data-qg-mark");
    });
    $$(q, ".qg-feedback, .qg-feedback > *, .qg-choice-fb").forEach(function (el) { el.hidden = true; });
    $$(q, ".qg-answer, .qg-explanation, .qg-evidence").forEach(function (el) { el.hidden = false; });
    say(q, "");
  }
  function show(q, k, a, result) {
    clearMarks(q);
    var s = result.score;
    q.classList.add(s === 1 ? "qg-right" : s > 0 ? "qg-partial" : "qg-wrong");
    var pct = new Intl.NumberFormat(lexicon(q).lang, { style: "percent" }).format(Math.round(s * 100) / 100);
    var msg = s === 1 ? tr(q, "correct") : s <= 0 ? tr(q, "wrong") : result.total
      ? tr(q, "partly_places", { right: num(q, result.right), total: num(q, result.total) }) : tr(q, "partly_marks", { percent: pct });
    if (result.nan) msg += " " + tr(q, "not_a_number");
    say(q, msg);
    typeOf(q).show(q, k, a, result);
    // The marks' words, which the stylesheet shows beside the marked options (and on paper).
    Object.keys(MARKS).forEach(function (c) { $$(q, "." + c).forEach(function (el) { el.setAttribute("data-qg-mark", tr(q, MARKS[c])); }); });
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
    var box = quiz.querySelector(".qg-score"), done = 0, score = 0;
    if (!box) return; // the page is still loading: the rest of the quiz is not there yet
    $$(quiz, ".qg-q").forEach(function (q) { var e = entry(rec, q); if (e && e.s != null) { done++; score += e.s; } });
    var total = quiz.querySelectorAll(".qg-q").length, waiting = later(quiz);
    Object.keys(waiting).forEach(function (id) {
      var e = own(rec.q, id);
      total++;
      if (e && e.v === waiting[id] && e.s != null) { done++; score += e.s; }
    });
    setText(box, tr(quiz, "score", { right: num(quiz, score), total: num(quiz, total), done: num(quiz, done) }, done));
  }
  /* Grade one answer with the grader its key names (for tests and tools; the page grades by question). */
  function grade(k, a) { return types[k.t].grade(k, a); }
  function check(q, focus) {
    var quiz = quizOf(q), rec = load(quiz), t = typeOf(q);
    var k = own(keyData(quiz).q, qid(q)), a = t.read(q);
    if (!k) { save(q); return; }
    undoBox(quiz, "");
    if (t.empty(q, a)) { clearMarks(q); say(q, tr(q, "empty")); return; }
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
    if (t.sync) t.sync(q);
    clearMarks(q);
  }
  /* Save a changed answer; its old result no longer applies (an unchanged one keeps it:
   * a text box sends "change" on blur after Enter has already checked it). */
  function save(q) {
    var quiz = quizOf(q), rec = load(quiz), g = typeOf(q), a = g.read(q), old = entry(rec, q);
    if (g.sync) g.sync(q);
    if (old && JSON.stringify(a) === JSON.stringify(old.a)) return;
    undoBox(quiz, "");
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
    var stored = store.get(quizKey(quiz));
    if (!stored && store.get(OLD + quiz.getAttribute("data-qg-bank"))) materializeAll(quiz); // migrate() needs them all
    var qs = $$(quiz, ".qg-q");
    var rec = stored && typeof stored.q === "object" && stored.q ? stored : migrate(quiz, qs) || { q: {} };
    var changed = rec !== stored, current = {}, waiting = later(quiz);
    qs.forEach(function (q) { current[qid(q)] = q; });
    // Entries of questions that are gone or were edited go now, so the record does not grow.
    Object.keys(rec.q).forEach(function (id) {
      var q = own(current, id), v = own(waiting, id);
      if (q ? !entry(rec, q) : v === undefined || rec.q[id].v !== v) { delete rec.q[id]; changed = true; }
    });
    if (initQuestions(quiz, qs, rec)) changed = true;
    if (changed) keep(quiz, rec);
    summary(quiz, rec);
  }
  /* Saved answers and the shuffled order back into questions; whether the record changed. */
  function initQuestions(quiz, qs, rec) {
    var key = keyData(quiz), changed = false;
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
        if (t.sync) t.sync(q);
        if (e.s != null && own(key.q, id)) show(q, key.q[id], e.a, t.grade(key.q[id], e.a));
      }
    });
    return changed;
  }
  /* A bank of many questions puts only its first ones in the page; the rest wait, as text the
   * browser does not parse, in <template class="qg-later"> blocks. The ids and versions of all
   * of them come first, in the data block before the script (data-qg-waiting, "id version ..."),
   * so that the score covers them from the start, and so that a quiz started before its blocks
   * are read keeps their saved answers. The blocks come in one at a time when the browser is
   * idle, at once when the page needs them (Reset, "Try the wrong ones again", printing, a link
   * to one of them). later() is those still waiting: id -> version. */
  function later(quiz) {
    if (!quiz._qgWaiting) {
      var d = quiz.querySelector("template.qg-data"), w = ((d && d.getAttribute("data-qg-waiting")) || "").split(" ");
      quiz._qgWaiting = {};
      for (var k = 0; k + 1 < w.length; k += 2) quiz._qgWaiting[w[k]] = w[k + 1];
    }
    var out = {};
    Object.keys(quiz._qgWaiting).forEach(function (id) { if (!document.getElementById("q-" + id)) out[id] = quiz._qgWaiting[id]; });
    return out;
  }
  function materialize(quiz, tpl) {
    var text = tpl.content.querySelector("script"), frag = tpl.content;
    // The text is quizgen's own rendering of these questions (bank text escaped and sanitised
    // on the server, exactly as in the rest of the page), kept as text so that the browser does
    // not parse it at load; it is parsed into an inert template, never into the document.
    if (text) { var parsed = document.createElement("template"); parsed.innerHTML = text.textContent; frag = parsed.content; }
    var qs = $$(frag, ".qg-q"), rec = load(quiz);
    tpl.replaceWith(frag);
    if (initQuestions(quiz, qs, rec)) keep(quiz, rec);
  }
  function materializeAll(quiz) { $$(quiz, "template.qg-later").forEach(function (tpl) { materialize(quiz, tpl); }); }
  function materializeLater(quiz) {
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 16); };
    idle(function () {
      var tpl = quiz.isConnected && quiz.querySelector("template.qg-later");
      if (!tpl) return;
      materialize(quiz, tpl);
      materializeLater(quiz);
    });
  }
  /* A link to a question still to come (a search result): bring it into the page, and go there. */
  function reveal() {
    var m = /^#q-(.+)$/.exec(location.hash), id = m && decodeURIComponent(m[1]);
    if (!id || document.getElementById("q-" + id)) return;
    $$(document, ".qg-quiz").forEach(function (quiz) {
      if (own(later(quiz), id) === undefined) return;
      var tpls = $$(quiz, "template.qg-later");  // in order, up to the one that holds it
      for (var k = 0; k < tpls.length && !document.getElementById("q-" + id); k++) materialize(quiz, tpls[k]);
    });
    var q = document.getElementById("q-" + id);
    if (q) q.scrollIntoView();
  }
  /* The line beside Reset: what was cleared, with an Undo button while the old answers can come back. */
  function undoBox(quiz, text, canUndo) {
    var button = quiz.querySelector(".qg-undo");
    if (!canUndo) quiz._qgUndo = null;
    setText(quiz.querySelector(".qg-undo-text"), text);
    if (button) button.hidden = !canUndo;
  }
  /* Reset clears every answer at once, so it can be undone until the next answer is given. */
  function resetAll(quiz) {
    materializeAll(quiz);
    var before = store.get(quizKey(quiz)), rec = load(quiz), count = 0;
    $$(quiz, ".qg-q").forEach(function (q) { var e = entry(rec, q); if (e && e.a != null) count++; resetQuestion(q, rec, true); });
    keep(quiz, rec); summary(quiz, rec);
    if (!count) { undoBox(quiz, ""); return; }
    undoBox(quiz, tr(quiz, "cleared", { count: num(quiz, count) }, count), true);
    quiz._qgUndo = before;
    quiz.querySelector(".qg-undo").focus();
  }
  function undo(quiz) {
    if (!quiz._qgUndo) return;
    store.set(quizKey(quiz), quiz._qgUndo);
    initQuiz(quiz);
    undoBox(quiz, tr(quiz, "restored"));
    quiz.querySelector(".qg-reset").focus();
  }
  /* "Try the wrong ones again": clear the questions not fully right, keeping the right part of a
   * partly right answer where the type can (keep()). The focus goes to the first control to redo. */
  function retry(quiz) {
    materializeAll(quiz);
    var rec = load(quiz), key = keyData(quiz), first = null;
    undoBox(quiz, "");
    $$(quiz, ".qg-q").forEach(function (q) {
      var e = entry(rec, q), g = typeOf(q), k = own(key.q, qid(q));
      if (!e || e.s == null || e.s >= 1) return;
      var kept = e.s > 0 && g.keep && k ? g.keep(q, k, e.a, g.grade(k, e.a)) : null;
      resetQuestion(q, rec, false);
      if (kept != null) { g.write(q, kept); if (g.sync) g.sync(q); entryFor(rec, q).a = kept; }
      first = first || q;
    });
    keep(quiz, rec); summary(quiz, rec);
    var f = first && ($$(first, "select").filter(function (s) { return !s.value; })[0] || first.querySelector("input, select, button"));
    if (f) f.focus();
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
      if (done) setText(row.querySelector(".qg-progress-text"), tr(box, "progress", { done: num(box, done), total: num(box, +row.getAttribute("data-qg-total")), score: num(box, score) }, done));
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
  /* A quiz page has this script right after the quiz's first questions and its data block: the
   * quiz starts there, while the browser still reads the rest of the page (the questions that
   * wait, Material's script), so that its first answer can be checked at once. The score, the
   * questions that wait and links to them follow when the page is read (init). A record of the
   * first format waits for init too: its migration needs every question in the page. */
  var early = [];
  function start(script) {
    var quiz = script && quizOf(script);
    if (!quiz || quiz.hasAttribute("data-qg-ready")) return;
    if (!store.get(quizKey(quiz)) && store.get(OLD + quiz.getAttribute("data-qg-bank"))) return;
    quiz.setAttribute("data-qg-ready", "");
    initQuiz(quiz);
    early.push(quiz);
    if (window.performance && performance.mark) performance.mark("quizgen:ready");
  }
  function init() {
    var quizzes = $$(document, ".qg-quiz:not([data-qg-ready])");
    var started = early.splice(0).filter(function (quiz) { return quiz.isConnected; });
    quizzes.forEach(function (quiz) { quiz.setAttribute("data-qg-ready", ""); initQuiz(quiz); });
    started.forEach(function (quiz) { summary(quiz, load(quiz)); });
    if (quizzes.length && window.performance && performance.mark) performance.mark("quizgen:ready");
    reveal();
    quizzes.concat(started).forEach(materializeLater);
    $$(document, "[data-qg-progress]").forEach(initProgress);
    if (document.querySelector("[data-qg-article]")) highlight();
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest && ev.target.closest("button");
    if (!t || !quizOf(t)) return;
    var quiz = quizOf(t), q = t.closest(".qg-q");
    if (q && t.classList.contains("qg-check")) check(q, true);
    else if (q) { var g = typeOf(q); if (g.click) g.click(t, q); }
    else if (t.classList.contains("qg-reset")) resetAll(quiz);
    else if (t.classList.contains("qg-undo")) undo(quiz);
    else if (t.classList.contains("qg-retry")) retry(quiz);
  });
  /* A glossary term links to its entry, and shows its definition on hover and focus. A touch
   * screen has neither: there the first tap shows the definition, and a second tap on the term
   * follows the link. Capturing, so that Material's instant navigation never sees the first tap. */
  var touched = false;
  document.addEventListener("pointerdown", function (ev) { touched = ev.pointerType === "touch"; }, true);
  document.addEventListener("click", function (ev) {
    var term = ev.target.closest && ev.target.closest("a.qg-term"), open = document.querySelector(".qg-tip-open");
    if (open && open !== term) open.classList.remove("qg-tip-open");
    if (!term || !touched || term === open) return;
    ev.preventDefault(); ev.stopPropagation();
    document.documentElement.classList.remove("qg-tips-off");
    term.classList.add("qg-tip-open");
  }, true);
  document.addEventListener("change", function (ev) { var q = ev.target.closest && ev.target.closest(".qg-q"); if (q) save(q); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, q = t.closest && t.closest(".qg-q");
    touched = false;
    if (ev.key === "Escape") document.documentElement.classList.add("qg-tips-off");
    if (!q || !quizOf(q)) return;
    var g = typeOf(q);
    if (g.keydown && g.keydown(ev, q)) return;
    // Enter in a text box checks it, as a form would submit (the quiz is not a form: nothing is sent).
    if (ev.key === "Enter" && t.matches("input[type=text]")) { ev.preventDefault(); check(q, true); }
  });
  document.addEventListener("pointermove", function () { document.documentElement.classList.remove("qg-tips-off"); });
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () { $$(document, ".qg-quiz").forEach(materializeAll); });
  document.addEventListener("focusin", function () { document.documentElement.classList.remove("qg-tips-off"); });

  window.quizgen = {
    types: types, register: register, init: init, start: start, grade: grade,
    // for the type scripts
    $$: $$, norm: norm, parseNumber: parseNumber, reorder: reorder, say: say, save: save, clearMarks: clearMarks,
    t: tr, num: num,
    // for the receipt script (assets/receipt/receipt.js): the answers saved for a quiz
    store: store, recordKey: recordKey, quizKey: quizKey, load: load, entry: entry
  };
  /* The type scripts follow this one in the same file: start once they have registered (a
   * microtask runs when the whole script has run, and before DOMContentLoaded). */
  Promise.resolve().then(function () {
    // Material's document$ (instant navigation) exists once its script has run: on a quiz page,
    // this one may come first, so it subscribes when the page is read.
    var subscribed = false;
    function follow() {
      if (subscribed || !window.document$ || !window.document$.subscribe) return;
      subscribed = true;
      window.document$.subscribe(init);
    }
    follow();
    if (document.readyState === "loading") {
      start(me);
      document.addEventListener("DOMContentLoaded", function () { follow(); init(); });
    } else init();
  });
})();
