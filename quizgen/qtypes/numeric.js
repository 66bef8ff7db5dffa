/* numeric: one text box read as a number ("1,250", "1.25", "36 %", "22 million"); right within the tolerance. */
(function () {
  "use strict";
  var qg = window.quizgen;
  qg.register("numeric", {
    read: function (q) { return q.querySelector(".qg-input").value; },
    write: function (q, a) { q.querySelector(".qg-input").value = a; },
    empty: function (q, a) { return !a.trim(); },
    grade: function (k, a) {
      // Every value the text may mean in the unit ("22 million" is 22 for "million people").
      // The small relative slack absorbs binary rounding (0.1 + 0.2), never a real difference.
      var values = qg.parseNumber(a, k.u), slack = k.tol + 1e-9 * Math.max(1, Math.abs(k.a));
      var right = values.some(function (n) { return Math.abs(n - k.a) <= slack; });
      return { score: right ? 1 : 0, marks: {}, nan: !values.length };
    },
    show: function () { /* the result line says when the box did not hold a number */ }
  });
})();
