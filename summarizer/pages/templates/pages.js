// Clicking a highlight selects its items; clicking an item selects its highlights.
// Everything read here is an id this library wrote (data-items, data-select, data-hide) or an
// element it rendered: nothing from the data is parsed, evaluated or turned into markup.
(function () {
  "use strict";

  function idsOf(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(function (id) { return id; });
  }

  function scopeOf(element) {
    return element.closest("[data-scope]") || document.body;
  }

  function copyOf(card) {
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.classList.remove("active");
    copy.querySelectorAll("[id]").forEach(function (inner) { inner.removeAttribute("id"); });
    return copy;
  }

  function select(scope, ids) {
    scope.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var cards = [];
    ids.forEach(function (id) {
      var marks = scope.querySelectorAll('mark[data-items~="' + CSS.escape(id) + '"]');
      marks.forEach(function (mark) { mark.classList.add("active"); });
      var card = document.getElementById("item-" + id);
      if (card) {
        card.classList.add("active");
        var row = card.closest("tr");
        if (row) { row.classList.add("active"); }
        cards.push(card);
      }
    });
    var panel = scope.querySelector(".selection");
    if (panel) {
      var list = panel.querySelector(".selected-items");
      list.replaceChildren.apply(list, cards.map(copyOf));
      panel.hidden = cards.length === 0;
    } else if (cards.length) {
      cards[0].scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || target.closest("a, summary, input, label")) {
      return;
    }
    var mark = target.closest("mark[data-items]");
    if (mark) {
      select(scopeOf(mark), idsOf(mark, "data-items"));
      return;
    }
    var item = target.closest("[data-select]");
    if (item) {
      var scope = scopeOf(item);
      select(scope, idsOf(item, "data-select"));
      var first = scope.querySelector("mark.active");
      if (first) { first.scrollIntoView({ block: "center" }); }
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof Element &&
        target.matches("mark[data-items]")) {
      event.preventDefault();
      select(scopeOf(target), idsOf(target, "data-items"));
    }
  });

  document.querySelectorAll("input[data-hide]").forEach(function (box) {
    box.addEventListener("change", function () {
      scopeOf(box).classList.toggle(box.getAttribute("data-hide"), !box.checked);
    });
  });
})();
