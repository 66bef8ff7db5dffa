/* quizgen receipts: the end of a graded quiz (docs/graded.md). The student writes a name and
 * gets a receipt: a code that holds the bank, its version, each answer with its question's
 * version, and a checksum; the same code drawn as a QR code; and a page to print.
 *
 * quizgen/receipts.py specifies the code and reads it back (`quizgen grade`); this encoder
 * writes the same bytes, and the tests check it in Chromium against the Python decoder.
 * quizgen/assets.py serves this file right after the vendored QR encoder (vendor/qrcode.js,
 * MIT), inside one function, so `qrcode` here is that encoder and nothing becomes global.
 *
 * It needs the core script (window.quizgen) for the question types' read() and empty() and
 * for the saved answers: a graded quiz saves its answers like any other, as they are given,
 * and the answers kept across a reload are those. No network, and no markup built from data:
 * the receipt's words come from the page (receipt.html) and are set with textContent; the QR
 * code is SVG elements made one by one. */
(function () {
  "use strict";
  var qg = window.quizgen;
  if (!qg || qg.receipt) return;
  var $$ = qg.$$;

  /* -- the code (quizgen/receipts.py says what each byte is) ---------------------------------- */

  var PREFIX = "QG1", ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ", MAX_NAME_BYTES = 120;
  var TOKEN = /^[a-z](0|[1-9][0-9]{0,2})?$/;
  var CRC = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function utf8(text) { return Array.prototype.slice.call(new TextEncoder().encode(text)); }
  function uint(n, size, out) { for (var i = size - 1; i >= 0; i--) out.push(Math.floor(n / Math.pow(256, i)) % 256); }
  function hex(text, size, out) {
    var h = (String(text) + "00000000").slice(0, size * 2);
    for (var i = 0; i < size; i++) out.push(parseInt(h.substr(i * 2, 2), 16) || 0);
  }
  function varint(n, out) {
    while (n > 127) { out.push((n % 128) | 128); n = Math.floor(n / 128); }
    out.push(n);
  }
  function head(kind, n, out) {
    if (n < 31) out.push(kind << 5 | n);
    else { out.push(kind << 5 | 31); varint(n, out); }
  }
  function value(v, out, depth) {
    if (depth > 8) throw new Error("quizgen: an answer is nested too deeply for a receipt");
    if (v === null || v === undefined) out.push(0);
    else if (v === false) out.push(1);
    else if (v === true) out.push(2);
    else if (typeof v === "string") {
      var m = TOKEN.exec(v);
      if (m && v.length === 1) out.push(4 << 5 | (v.charCodeAt(0) - 97));
      else if (m && +v.slice(1) < 256) { out.push(5 << 5 | (v.charCodeAt(0) - 97)); out.push(+v.slice(1)); }
      else { var b = utf8(v); head(1, b.length, out); Array.prototype.push.apply(out, b); }
    } else if (typeof v === "number") {
      if (!isFinite(v)) throw new Error("quizgen: an answer holds a number that is not finite");
      var view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, v);
      out.push(6 << 5);
      for (var i = 0; i < 8; i++) out.push(view.getUint8(i));
    } else if (Array.isArray(v)) {
      head(2, v.length, out);
      v.forEach(function (item) { value(item, out, depth + 1); });
    } else if (typeof v === "object") {
      var keys = Object.keys(v);
      head(3, keys.length, out);
      keys.forEach(function (key) { value(key, out, depth + 1); value(v[key], out, depth + 1); });
    } else throw new Error("quizgen: an answer cannot hold " + typeof v);
  }
  function base32(bytes) {
    var out = "", buffer = 0, bits = 0;
    bytes.forEach(function (b) {
      buffer = (buffer << 8) | b; bits += 8;
      while (bits >= 5) { out += ALPHABET.charAt((buffer >>> (bits - 5)) & 31); bits -= 5; }
      buffer &= (1 << bits) - 1;
    });
    if (bits) out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
    return out;
  }
  /* The name as a receipt holds it: spaces folded, and cut (never inside a character) to fit. */
  function fitName(name) {
    var chars = Array.from(String(name).replace(/\s+/g, " ").trim());
    while (utf8(chars.join("")).length > MAX_NAME_BYTES) chars.pop();
    return chars.join("");
  }
  /* r: {bank, version (hex), made (minutes since 1970, UTC), name, answers: [{v: hex, a: answer or null}]} */
  function encode(r) {
    var out = [], slug = utf8(r.bank), name = utf8(fitName(r.name));
    out.push(slug.length); Array.prototype.push.apply(out, slug);
    hex(r.version, 4, out);
    uint(r.made, 4, out);
    out.push(name.length); Array.prototype.push.apply(out, name);
    uint(r.answers.length, 2, out);
    r.answers.forEach(function (x) { hex(x.v, 2, out); value(x.a, out, 0); });
    uint(crc32(out), 4, out);
    var body = base32(out), groups = [PREFIX];
    for (var i = 0; i < body.length; i += 5) groups.push(body.slice(i, i + 5));
    return groups.join("-");
  }

  /* -- the QR code ------------------------------------------------------------------------- */

  var SVG = "http://www.w3.org/2000/svg";
  /* Draw code into box as an SVG QR code (alphanumeric mode: the code without its dashes). */
  function drawQR(box, code) {
    while (box.firstChild) box.removeChild(box.firstChild);
    var qr = qrcode(0, "M");
    qr.addData(code.replace(/-/g, ""), "Alphanumeric");
    qr.make();
    var n = qr.getModuleCount(), size = n + 8, d = [];
    for (var r = 0; r < n; r++) for (var c = 0; c < n; c++) if (qr.isDark(r, c)) d.push("M" + (c + 4) + " " + (r + 4) + "h1v1h-1z");
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("class", "qg-qr");
    svg.setAttribute("data-qg-modules", String(n));
    svg.setAttribute("shape-rendering", "crispEdges");
    svg.setAttribute("focusable", "false");
    var back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", String(size)); back.setAttribute("height", String(size)); back.setAttribute("fill", "#fff");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d.join("")); path.setAttribute("fill", "#000");
    svg.appendChild(back); svg.appendChild(path);
    box.appendChild(svg);
  }

  /* -- the page ------------------------------------------------------------------------------- */

  function words(quiz) {
    if (!quiz._qgReceiptWords) {
      var t = quiz.querySelector("template.qg-receipt-data"), s = t && t.content.querySelector("script.qg-receipt-words");
      quiz._qgReceiptWords = s ? JSON.parse(s.textContent) : {};
    }
    return quiz._qgReceiptWords;
  }
  function say(quiz, name, vars) {
    var text = String(words(quiz)[name] || name).replace(/\{(\w+)\}/g, function (m, k) { return vars && vars[k] != null ? vars[k] : m; });
    var el = quiz.querySelector(".qg-receipt-msg");
    if (el) el.textContent = text;
  }
  function num(quiz, n) { return qg.num ? qg.num(quiz, n) : String(n); }
  function receiptKey(quiz) { return qg.quizKey(quiz) + ":receipt"; }
  function typeOf(q) { return qg.types[q.getAttribute("data-qg-type")]; }

  /* Each question's answer, as saved (null: none yet). An answer counts once it was given: an
   * ordering question left as the page first showed it is not answered. */
  function answers(quiz) {
    var rec = qg.load(quiz);
    return $$(quiz, ".qg-q").map(function (q) {
      var t = typeOf(q), e = qg.entry(rec, q), a = t ? t.read(q) : null;
      return { q: q, v: q.getAttribute("data-qg-v"), a: e && e.a != null && !t.empty(q, a) ? a : null };
    });
  }
  function state(list) { return JSON.stringify(list.map(function (x) { return [x.v, x.a]; })); }
  function count(quiz, list) {
    var done = list.filter(function (x) { return x.a != null; }).length;
    var el = quiz.querySelector(".qg-answered");
    if (el) el.textContent = String(words(quiz).answered || "").replace("{n}", num(quiz, done)).replace("{total}", num(quiz, list.length));
    return done;
  }
  function when(minutes) {
    var d = new Date(minutes * 60000);
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" }).format(d);
    } catch (e) { return d.toISOString().slice(0, 16).replace("T", " "); }
  }
  function show(quiz, saved, list) {
    var box = quiz.querySelector(".qg-receipt");
    if (!box) return;
    var set = function (sel, text) { var el = box.querySelector(sel); if (el) el.textContent = text; };
    var done = list.filter(function (x) { return x.a != null; }).length;
    set(".qg-r-name", saved.name);
    set(".qg-r-made", when(saved.made));
    set(".qg-r-answered", num(quiz, done) + " / " + num(quiz, list.length));
    set(".qg-r-code", saved.code);
    box.setAttribute("data-qg-code", saved.code);
    var qr = box.querySelector(".qg-r-qr");
    try { drawQR(qr, saved.code); qr.hidden = false; } catch (e) { qr.hidden = true; say(quiz, "no_qr"); }
    box.hidden = false;
    quiz._qgShown = saved.a;
  }
  function hide(quiz) {
    var box = quiz.querySelector(".qg-receipt");
    if (box) { box.hidden = true; box.removeAttribute("data-qg-code"); }
    quiz._qgShown = null;
  }
  function make(quiz) {
    var input = quiz.querySelector(".qg-name"), name = fitName(input ? input.value : "");
    if (!name) { hide(quiz); say(quiz, "need_name"); if (input) input.focus(); return; }
    var list = answers(quiz), made = Math.floor(Date.now() / 60000);
    var code = encode({
      bank: quiz.getAttribute("data-qg-bank"), version: quiz.getAttribute("data-qg-version"), made: made, name: name,
      answers: list.map(function (x) { return { v: x.v, a: x.a }; })
    });
    var saved = { name: name, made: made, code: code, a: state(list) };
    qg.store.set(receiptKey(quiz), saved);
    show(quiz, saved, list);
    var missing = list.map(function (x, i) { return x.a == null ? String(i + 1) : null; }).filter(Boolean);
    if (missing.length) say(quiz, "missing", { list: missing.join(", ") }); else say(quiz, "made");
    var box = quiz.querySelector(".qg-receipt");
    box.focus();
  }
  /* After any change: the count of answers, and a receipt that no longer holds them goes. */
  function refresh(quiz) {
    var list = answers(quiz);
    count(quiz, list);
    if (quiz._qgShown != null && quiz._qgShown !== state(list)) { hide(quiz); say(quiz, "stale"); }
  }
  function copy(quiz) {
    var el = quiz.querySelector(".qg-r-code"), code = el ? el.textContent : "";
    function select() {
      var range = document.createRange(), sel = window.getSelection();
      range.selectNodeContents(el); sel.removeAllRanges(); sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(quiz, ok ? "copied" : "copy_failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code).then(function () { say(quiz, "copied"); }, select);
    } else select();
  }
  function print() {
    var root = document.documentElement;
    root.classList.add("qg-print-receipt");
    window.addEventListener("afterprint", function done() {
      root.classList.remove("qg-print-receipt");
      window.removeEventListener("afterprint", done);
    });
    window.print();
  }

  function initQuiz(quiz) {
    var list = answers(quiz), saved = qg.store.get(receiptKey(quiz)), input = quiz.querySelector(".qg-name");
    if (saved && input && !input.value) input.value = saved.name || "";
    count(quiz, list);
    if (saved && saved.code && saved.a === state(list)) show(quiz, saved, list);
  }
  /* A graded quiz's row in a table of quizzes: how many of its questions have an answer saved. */
  function initRow(box, row) {
    var rec = qg.store.get(qg.recordKey(box, row.getAttribute("data-qg-source"), row.getAttribute("data-qg-bank")));
    var ids = (row.getAttribute("data-qg-ids") || "").split(" ").filter(Boolean), done = 0;
    if (!rec || typeof rec.q !== "object" || !rec.q) return;
    ids.forEach(function (id) { var e = Object.prototype.hasOwnProperty.call(rec.q, id) && rec.q[id]; if (e && e.a != null) done++; });
    var cell = row.querySelector(".qg-progress-text");
    if (done && cell) cell.textContent = row.getAttribute("data-qg-graded").replace("{n}", num(box, done)).replace("{total}", num(box, ids.length));
  }
  function init() {
    qg.init();  // the core's own set-up first (idempotent): the saved answers are back in the page
    $$(document, ".qg-quiz[data-qg-graded]:not([data-qg-receipt])").forEach(function (quiz) {
      quiz.setAttribute("data-qg-receipt", "");
      initQuiz(quiz);
    });
    $$(document, "[data-qg-progress]").forEach(function (box) { $$(box, "tr[data-qg-graded]").forEach(function (row) { initRow(box, row); }); });
  }
  function gradedQuiz(el) { var quiz = el && el.closest && el.closest(".qg-quiz"); return quiz && quiz.hasAttribute("data-qg-graded") ? quiz : null; }

  // After the core's listeners (registered first), which save the answer the event changed.
  document.addEventListener("click", function (ev) {
    var quiz = gradedQuiz(ev.target);
    if (!quiz) return;
    var b = ev.target.closest("button");
    if (b && b.classList.contains("qg-make")) make(quiz);
    else if (b && b.classList.contains("qg-copy")) copy(quiz);
    else if (b && b.classList.contains("qg-print")) print();
    else if (b) refresh(quiz);
  });
  // A text answer is saved as it is typed, so a reload never loses it.
  document.addEventListener("input", function (ev) {
    var quiz = gradedQuiz(ev.target), q = ev.target.closest && ev.target.closest(".qg-q");
    if (!quiz) return;
    if (q && ev.target.matches("input[type=text]")) qg.save(q);
    if (q) refresh(quiz);
  });
  document.addEventListener("change", function (ev) { var quiz = gradedQuiz(ev.target); if (quiz) refresh(quiz); });
  document.addEventListener("keydown", function (ev) {
    var quiz = gradedQuiz(ev.target);
    if (!quiz) return;
    if (ev.key === "Enter" && ev.target.classList.contains("qg-name")) { ev.preventDefault(); make(quiz); }
    else if (ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown")) refresh(quiz);
  });

  qg.receipt = { encode: encode, drawQR: drawQR };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
