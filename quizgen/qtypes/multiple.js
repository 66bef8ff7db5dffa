/* multiple: check boxes, several right choices. Each right choice earns its share of the marks,
 * each wrong one takes a share away, never below nothing. */
(function () {
  "use strict";
  var qg = window.quizgen, $$ = qg.$$;
  qg.register("multiple", {
    read: function (q) { return $$(q, "input:checked").map(function (i) { return i.value; }); },
    write: function (q, a) { $$(q, "input").forEach(function (i) { i.checked = a.indexOf(i.value) >= 0; }); },
    empty: function (q, a) { return !a.length; },
    grade: function (k, a) {
      var marks = {}, right = 0;
      a.forEach(function (c) { marks[c] = k.c.indexOf(c) >= 0; right += marks[c] ? 1 : -1; });
      return { score: Math.max(0, right) / k.c.length, marks: marks };
    },
    show: function (q, k, a) {
      $$(q, ".qg-choice").forEach(function (li) {
        var key = li.getAttribute("data-qg-key"), chosen = a.indexOf(key) >= 0, correct = k.c.indexOf(key) >= 0;
        if (chosen) li.classList.add(correct ? "qg-ok" : "qg-bad");
        // Only the right choices that were missed: a chosen one already says "right".
        if (correct && !chosen) li.classList.add("qg-is-answer");
        var fb = li.querySelector(".qg-choice-fb");
        if (fb && chosen) fb.hidden = false;
      });
    },
    // Trying again keeps the right choices that were ticked.
    keep: function (q, k, a) { return a.filter(function (c) { return k.c.indexOf(c) >= 0; }); },
    keys: function (q) { return $$(q, ".qg-choice").map(function (c) { return c.getAttribute("data-qg-key"); }); },
    arrange: function (q, keys) {
      if (!qg.reorder(q.querySelector(".qg-choices"), "data-qg-key", keys)) return false;
      return true;
    }
  });
})();
