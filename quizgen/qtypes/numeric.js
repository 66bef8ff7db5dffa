/* numeric: one text box read as a number ("1,250", "1.25", "36 %"); right within the tolerance. */
(function () {
  "use strict";
  var qg = window.quizgen;
  qg.register("numeric", {
    read: function (q) { return q.querySelector(".qg-input").value; },
    write: function (q, a) { q.querySelector(".qg-input").value = a; },
    empty: function (q, a) { return !a.trim(); },
    grade: function (k, a) {
      var n = qg.parseNumber(a);
      // The small relative slack absorbs binary rounding (0.1 + 0.2), never a real difference.
      return { score: Math.abs(n - k.a) <= k.tol + 1e-9 * Math.max(1, Math.abs(k.a)) ? 1 : 0, marks: {}, nan: isNaN(n) };
    },
    show: function () { /* the result line says when the box did not hold a number */ }
  });
})();
