/* ordering: items moved with their up/down buttons or Alt+Up/Alt+Down. The answer is the item
 * keys in the shown order; each item in its place earns its share of the marks. */
(function () {
  "use strict";
  var qg = window.quizgen, $$ = qg.$$;
  function shown(q) { return $$(q, ".qg-item").map(function (i) { return i.getAttribute("data-qg-item"); }); }
  function move(btn, dir) {
    var li = btn.closest(".qg-item"), list = li.parentNode, q = li.closest(".qg-q");
    var other = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!other) { qg.say(q, qg.t(q, dir < 0 ? "ordering.first" : "ordering.last")); return; }
    list.insertBefore(li, dir < 0 ? other : other.nextElementSibling);
    var items = $$(list, ".qg-item"), pos = items.indexOf(li) + 1;
    // Keep the focus on the moved item, on a button that still does something at its new place.
    var target = li.querySelector(dir < 0 ? (pos > 1 ? ".qg-up" : ".qg-down") : (pos < items.length ? ".qg-down" : ".qg-up"));
    target.focus();
    qg.clearMarks(q);
    qg.say(q, qg.t(q, "ordering.moved", { pos: qg.num(q, pos), total: qg.num(q, items.length) }));
    qg.save(q);
  }
  qg.register("ordering", {
    read: shown,
    write: function (q, a) { qg.reorder(q.querySelector(".qg-order"), "data-qg-item", a); },
    // Any order is an answer: the one shown at first is never the right one.
    empty: function () { return false; },
    grade: function (k, a) {
      var marks = {}, right = 0, total = 0;
      k.o.forEach(function (it, i) { total++; marks[it] = a[i] === it; if (marks[it]) right++; });
      return { score: total ? right / total : 0, marks: marks, right: right, total: total };
    },
    show: function (q, k, a, result) {
      $$(q, ".qg-item").forEach(function (it) { it.classList.add(result.marks[it.getAttribute("data-qg-item")] ? "qg-ok" : "qg-bad"); });
    },
    start: function (q) { q._qgStart = shown(q); },
    reset: function (q) { qg.reorder(q.querySelector(".qg-order"), "data-qg-item", q._qgStart); },
    click: function (btn) {
      if (btn.classList.contains("qg-up")) move(btn, -1);
      else if (btn.classList.contains("qg-down")) move(btn, 1);
      else return false;
      return true;
    },
    keydown: function (ev) {
      var item = ev.target.closest(".qg-item");
      if (!ev.altKey || (ev.key !== "ArrowUp" && ev.key !== "ArrowDown") || !item) return false;
      ev.preventDefault();
      move(item.querySelector(ev.key === "ArrowUp" ? ".qg-up" : ".qg-down"), ev.key === "ArrowUp" ? -1 : 1);
      return true;
    }
  });
})();
