/* fill_blank: one text box; right when it matches an accepted answer after normalising
 * spaces, hyphens, quotes, dashes and the punctuation at either end, and case and accents
 * unless the question says they matter (quizgen.js norm; quizgen/answers.py). */
(function () {
  "use strict";
  var qg = window.quizgen;
  qg.register("fill_blank", {
    read: function (q) { return q.querySelector(".qg-input").value; },
    write: function (q, a) { q.querySelector(".qg-input").value = a; },
    empty: function (q, a) { return !a.trim(); },
    grade: function (k, a) {
      var given = qg.norm(a, k.cs, k.as);
      return { score: given && k.a.some(function (x) { return qg.norm(x, k.cs, k.as) === given; }) ? 1 : 0, marks: {} };
    },
    show: function () { /* the result line and the feedback panel say it all */ }
  });
})();
