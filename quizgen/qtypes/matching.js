/* matching: a drop-down per left item. The answer maps left keys to option keys; each right
 * pair earns its share of the marks. */
(function () {
  "use strict";
  var qg = window.quizgen, $$ = qg.$$;
  qg.register("matching", {
    read: function (q) {
      var m = {};
      $$(q, ".qg-pair").forEach(function (p) { m[p.getAttribute("data-qg-left")] = p.querySelector("select").value; });
      return m;
    },
    write: function (q, a) {
      $$(q, ".qg-pair").forEach(function (p) { var v = a[p.getAttribute("data-qg-left")]; if (v != null) p.querySelector("select").value = v; });
    },
    empty: function (q, a) { return Object.keys(a).every(function (k) { return !a[k]; }); },
    grade: function (k, a) {
      var marks = {}, right = 0, total = 0;
      Object.keys(k.m).forEach(function (l) { total++; marks[l] = a[l] === k.m[l]; if (marks[l]) right++; });
      return { score: total ? right / total : 0, marks: marks, right: right, total: total };
    },
    show: function (q, k, a, result) {
      $$(q, ".qg-pair").forEach(function (p) { p.classList.add(result.marks[p.getAttribute("data-qg-left")] ? "qg-ok" : "qg-bad"); });
    },
    // Trying again keeps the rows that were right.
    keep: function (q, k, a, result) {
      var m = {};
      Object.keys(result.marks).forEach(function (l) { if (result.marks[l]) m[l] = a[l]; });
      return m;
    },
    // The chosen option in full beside its box, for a screen too narrow to show it in the box.
    sync: function (q) {
      $$(q, ".qg-pair").forEach(function (p) {
        var s = p.querySelector("select"), o = s.options[s.selectedIndex];
        var c = p.querySelector(".qg-chosen");
        if (c) c.textContent = s.value && o ? o.text : "";
      });
    }
  });
})();
