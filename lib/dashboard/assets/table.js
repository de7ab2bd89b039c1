// Sortable, filterable tables for the dashboard (no dependencies). A table marked data-sortable
// sorts by a header button's column (cells carry data-value for numeric order); an input with
// data-filter="TABLE_ID" filters rows by text, a select with data-filter-column by a column value.
(function () {
  'use strict';
  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return numeric ? -Infinity : '';
    var raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
    if (!numeric) return (raw || '').trim().toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  function sortTable(table, th) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var column = headers.indexOf(th);
    var numeric = th.getAttribute('data-type') === 'number';
    var direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', direction);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return direction === 'ascending' ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function applyFilters(table) {
    var text = document.querySelector('input[data-filter="' + table.id + '"]');
    var selects = document.querySelectorAll('select[data-filter-table="' + table.id + '"]');
    var needle = text ? text.value.trim().toLowerCase() : '';
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var visible = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
      for (var s = 0; s < selects.length && visible; s++) {
        var want = selects[s].value;
        var column = parseInt(selects[s].getAttribute('data-filter-column'), 10);
        if (want && cellValue(row, column, false) !== want.toLowerCase()) visible = false;
      }
      row.hidden = !visible;
      if (visible) shown++;
    }
    var count = document.querySelector('[data-count-for="' + table.id + '"]');
    if (count) count.textContent = shown + ' of ' + rows.length;
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    table.querySelectorAll('th button.sort').forEach(function (button) {
      button.addEventListener('click', function () { sortTable(table, button.closest('th')); });
    });
    var inputs = document.querySelectorAll('[data-filter="' + table.id + '"], [data-filter-table="' + table.id + '"]');
    inputs.forEach(function (input) {
      input.addEventListener('input', function () { applyFilters(table); });
      input.addEventListener('change', function () { applyFilters(table); });
    });
    applyFilters(table);
  });
  // Phones show each row as a card (dashboard.css): every cell names its column.
  document.querySelectorAll('.table-wrap table').forEach(function (table) {
    if (!table.tHead || !table.tHead.rows[0]) return;
    var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.replace(/[▲▼]/g, '').trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (!cell.hasAttribute('data-label') && labels[i]) cell.setAttribute('data-label', labels[i]);
        });
      });
    });
  });
  // A table wider than its box says so (a shadow at the hidden edge and a hint), instead of
  // looking cut off.
  function markOverflow() {
    document.querySelectorAll('.table-wrap').forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.setAttribute('data-overflow', '');
      else wrap.removeAttribute('data-overflow');
    });
  }
  markOverflow();
  window.addEventListener('resize', markOverflow);
  document.querySelectorAll('details').forEach(function (d) { d.addEventListener('toggle', markOverflow); });
})();
