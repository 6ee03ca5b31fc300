// Sortable ranked table. Values come from the embedded results.json, not from the cells' text.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dflab-results').textContent);
  var byName = {};
  data.variants.forEach(function (v) { byName[v.name] = v; });
  var value = function (v, key) {
    if (key === 'cold') return v.build ? v.build.coldSeconds : null;
    return v[key];
  };
  var table = document.getElementById('ranked');
  var body = table.tBodies[0];
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var key = th.getAttribute('data-key');
    if (!key) return;
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('sorted-asc');
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(byName[a.getAttribute('data-name')], key);
        var y = value(byName[b.getAttribute('data-name')], key);
        // Unmeasured values sort last in both directions.
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
