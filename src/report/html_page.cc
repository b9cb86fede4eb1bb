// The HTML report's style and script (html.cc writes the rest). The script reads the rows from
// the page's JSON, makes the tables sortable and draws the charts with Chart.js; it records on
// <html> how many charts and bars it drew and whether they reached the canvas (data-charts,
// data-bars, data-painted), which the report test reads in headless Chromium.
namespace mlonmcu::report {

extern const char* const kHtmlStyle;
extern const char* const kHtmlScript;

const char* const kHtmlStyle = R"CSS(
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
#charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1em; }
.chart { position: relative; height: 340px; border: 1px solid #ddd; border-radius: 4px; padding: 0.5em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; white-space: nowrap; }
th { background: #f0f0f0; cursor: pointer; user-select: none; }
th[data-sort="asc"]::after { content: " \25B2"; } th[data-sort="desc"]::after { content: " \25BC"; }
td:empty { background: #fafafa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fde8e8; }
.failures pre { white-space: pre-wrap; background: #f7f7f7; padding: 0.5em; border-left: 3px solid #c33; }
.note { background: #fff6d5; padding: 0.5em; border: 1px solid #e0c96a; }
)CSS";

const char* const kHtmlScript = R"JS(
(function () {
  'use strict';
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var unique = function (list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); };

  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('th');
    heads.forEach(function (th, index) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('data-sort') !== 'asc';
        heads.forEach(function (h) { h.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', ascending ? 'asc' : 'desc');
        var numeric = th.classList.contains('num');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent, y = b.cells[index].textContent;
          var r;
          if (numeric) {  // empty cells last
            var fx = x === '' ? Infinity : parseFloat(x), fy = y === '' ? Infinity : parseFloat(y);
            r = fx === fy ? 0 : (fx < fy ? -1 : 1);
          } else {
            r = x.localeCompare(y);
          }
          return ascending ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  if (typeof Chart === 'undefined') { root.setAttribute('data-charts', '0'); return; }
  var palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
                 '#9c755f', '#bab0ac'];
  var container = document.getElementById('charts');
  var charts = [];
  var bars = function (rows, labels, labelOf, series, metric) {
    return series.map(function (s, k) {
      return {
        label: s,
        backgroundColor: palette[k % palette.length],
        data: labels.map(function (l) {
          var row = rows.find(function (r) { return labelOf(r) === l && r.series === s; });
          return row ? row.values[metric] : null;
        })
      };
    });
  };
  var addChart = function (title, labels, datasets, id) {
    var box = document.createElement('div');
    box.className = 'chart';
    var canvas = document.createElement('canvas');
    canvas.id = id;
    box.appendChild(canvas);
    container.appendChild(box);
    charts.push(new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true } }
      }
    }));
  };

  var models = unique(data.runs.map(function (r) { return r.model; }));
  var series = unique(data.runs.map(function (r) { return r.series; }));
  data.metrics.forEach(function (metric, i) {
    if (!data.runs.some(function (r) { return r.values[metric] !== null; })) return;
    addChart(metric + ' (by model)', models, bars(data.runs, models, function (r) { return r.model; }, series, metric),
             'chart-' + i);
  });
  unique(data.layers.map(function (r) { return r.model; })).forEach(function (model, i) {
    var rows = data.layers.filter(function (r) { return r.model === model; });
    var layers = unique(rows.map(function (r) { return r.layer; }));
    var layerSeries = unique(rows.map(function (r) { return r.series; }));
    addChart(model + ': Run Instructions per layer', layers,
             bars(rows, layers, function (r) { return r.layer; }, layerSeries, 'Run Instructions'), 'layer-chart-' + i);
  });

  var drawn = 0, painted = 0;
  charts.forEach(function (c) {
    c.data.datasets.forEach(function (d, k) {
      c.getDatasetMeta(k).data.forEach(function (e) { if (e && Math.abs(e.base - e.y) > 0.5) drawn++; });
    });
    var px = c.canvas.getContext('2d').getImageData(0, 0, c.canvas.width, c.canvas.height).data;
    for (var j = 3; j < px.length; j += 4) { if (px[j] !== 0) { painted++; break; } }
  });
  root.setAttribute('data-charts', String(charts.length));
  root.setAttribute('data-bars', String(drawn));
  root.setAttribute('data-painted', String(painted));
})();
)JS";

}  // namespace mlonmcu::report
