/* single: radio buttons, one right choice. The answer is the list of checked keys (one at most). */
(function () {
  "use strict";
  var qg = window.quizgen, $$ = qg.$$;
  qg.register("single", {
    read: function (q) { return $$(q, "input:checked").map(function (i) { return i.value; }); },
    write: function (q, a) { $$(q, "input").forEach(function (i) { i.checked = a.indexOf(i.value) >= 0; }); },
    empty: function (q, a) { return !a.length; },
    grade: function (k, a) {
      var marks = {};
      a.forEach(function (c) { marks[c] = k.c.indexOf(c) >= 0; });
      return { score: a.length === 1 && marks[a[0]] ? 1 : 0, marks: marks };
    },
    show: function (q, k, a, result) {
      $$(q, ".qg-choice").forEach(function (li) {
        var key = li.getAttribute("data-qg-key"), chosen = a.indexOf(key) >= 0, correct = k.c.indexOf(key) >= 0;
        if (chosen) li.classList.add(correct ? "qg-ok" : "qg-bad");
        // After a wrong try, point at the right choice in place (the page writes no answer out).
        if (correct && result.score < 1) li.classList.add("qg-is-answer");
        var fb = li.querySelector(".qg-choice-fb");
        if (fb && chosen) fb.hidden = false;
      });
    },
    keys: function (q) { return $$(q, ".qg-choice").map(function (c) { return c.getAttribute("data-qg-key"); }); },
    arrange: function (q, keys) {
      if (!qg.reorder(q.querySelector(".qg-choices"), "data-qg-key", keys)) return false;
      return true;
    }
  });
})();
