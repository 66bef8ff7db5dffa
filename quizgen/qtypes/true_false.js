/* true_false: two radio buttons, "true" and "false"; never shuffled (True comes first everywhere). */
(function () {
  "use strict";
  var qg = window.quizgen, $$ = qg.$$;
  qg.register("true_false", {
    read: function (q) { return $$(q, "input:checked").map(function (i) { return i.value; }); },
    write: function (q, a) { $$(q, "input").forEach(function (i) { i.checked = a.indexOf(i.value) >= 0; }); },
    empty: function (q, a) { return !a.length; },
    grade: function (k, a) { return { score: a[0] === String(k.a) ? 1 : 0, marks: {} }; },
    show: function (q, k, a, result) {
      $$(q, ".qg-choice").forEach(function (li) {
        var key = li.getAttribute("data-qg-key"), chosen = a.indexOf(key) >= 0, correct = key === String(k.a);
        if (chosen) li.classList.add(correct ? "qg-ok" : "qg-bad");
        if (correct && result.score < 1) li.classList.add("qg-is-answer");
      });
    }
  });
})();
