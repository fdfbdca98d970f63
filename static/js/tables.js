// SPDX-License-Identifier: EUPL-1.2
// Tables reflow into stacked rows on narrow screens (site.css, "Tables on small screens").
// A stacked cell shows its column's name before its value, so each cell gets the text of
// its column header as data-label; and because a table laid out as blocks loses its table
// semantics in browsers, each part gets its ARIA role back. Without this script the tables
// keep their columns.
(function () {
  "use strict";
  var ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup", TR: "row" };

  function cellRole(cell) {
    if (cell.tagName !== "TH") return "cell";
    return cell.closest("thead") || cell.scope === "col" ? "columnheader" : "rowheader";
  }

  function headerTexts(table) {
    var texts = [];
    var row = table.tHead && table.tHead.rows[0];
    if (!row) return texts;
    Array.prototype.forEach.call(row.cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i += 1) texts.push(cell.textContent.trim());
    });
    return texts;
  }

  function label(table) {
    var texts = headerTexts(table);
    table.setAttribute("role", "table");
    table.classList.add("reflow");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot, tr"), function (part) {
      part.setAttribute("role", ROLES[part.tagName]);
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        cell.setAttribute("role", cellRole(cell));
        if (texts[column] && cell.colSpan === 1 && !cell.closest("thead")) cell.setAttribute("data-label", texts[column]);
        column += cell.colSpan;
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("main table"), label);
})();
