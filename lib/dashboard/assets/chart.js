// The auction page's split chart, drawn with uPlot (served by the app, no CDN) from the page's
// JSON data block — the same view model the server rendered the figures and tables from.
// Per interval: stacked bars of AI MW, mining MW and unsold surplus; the forecast surplus and the
// revised (curtailed) surplus as lines; the clearing and reserve prices on a second axis.
(function () {
  'use strict';
  var dataEl = document.getElementById('auction-data');
  var target = document.getElementById('split-chart');
  if (!dataEl || !target || typeof uPlot === 'undefined') return;
  var view = JSON.parse(dataEl.textContent);
  var css = getComputedStyle(document.documentElement);
  function color(name) { return css.getPropertyValue(name).trim(); }
  var n = view.intervals.length;
  var x = [], ai = [], mining = [], unsold = [], stackMining = [], stackUnsold = [];
  var forecast = [], revised = [], price = [], reserve = [];
  // Books with firm capacity: the firm capacity (MW) and the firm price; absent elsewhere, so
  // those series are left out for other auctions.
  var firmCap = [], firmPrice = [];
  var bars = 0;
  view.intervals.forEach(function (iv, i) {
    x.push(i);
    var r = iv.result;
    if (r) {
      bars++;
      ai.push(r.aiMw); mining.push(r.miningMw); unsold.push(r.unallocatedMw);
      stackMining.push(r.aiMw + r.miningMw);
      stackUnsold.push(r.aiMw + r.miningMw + r.unallocatedMw);
      price.push(r.price);
      firmPrice.push(r.firmPrice == null ? null : r.firmPrice);
    } else {
      ai.push(null); mining.push(null); unsold.push(null); stackMining.push(null); stackUnsold.push(null); price.push(null); firmPrice.push(null);
    }
    firmCap.push(iv.forecast && iv.forecast.firmMw != null ? iv.forecast.firmMw : null);
    forecast.push(iv.forecast ? iv.forecast.surplusMw : null);
    reserve.push(iv.forecast ? iv.forecast.reservePrice : null);
    revised.push(iv.revisedSurplusMw);
  });
  function hhmm(i) {
    var iv = view.intervals[i];
    return iv ? iv.start.slice(11, 16) : '';
  }
  function endLabel() {
    var ms = Date.parse(view.auction.deliveryStart) + n * view.auction.intervalMinutes * 60000;
    return new Date(ms).toISOString().slice(11, 16);
  }
  function raw(values) {
    return function (u, v, si, i) { return i == null || values[i] == null ? '–' : values[i].toLocaleString('en-US', { maximumFractionDigits: 2 }); };
  }
  // Each bar starts at its interval's start and fills most of it, so the stepped forecast and price
  // lines (held over [start, end) of each interval) sit exactly over the bars.
  var barPaths = uPlot.paths.bars({ size: [0.9, Infinity], align: 1 });
  function barSeries(label, fill, values) {
    return { label: label, scale: 'mw', fill: fill, stroke: fill, width: 0, paths: barPaths, points: { show: false }, value: raw(values) };
  }
  function lineSeries(label, stroke, scale, dash, values) {
    return { label: label, scale: scale, stroke: stroke, width: 2, dash: dash, spanGaps: false,
      paths: uPlot.paths.stepped({ align: 1, extend: true }), points: { show: false }, value: raw(values) };
  }
  var currency = view.auction.currency;
  var opts = {
    width: Math.max(280, target.clientWidth),
    height: window.innerWidth < 640 ? 280 : 380,
    cursor: { points: { show: false } },
    legend: { live: true },
    scales: {
      x: { time: false, range: function () { return [0, n]; } },
      mw: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.08]; } },
      price: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.15]; } },
    },
    axes: [
      { incrs: [1, 2, 4, 8, 12, 16, 24, 32, 48, 96, 192], values: function (u, splits) {
        return splits.map(function (v) { return Number.isInteger(v) ? (v === n ? endLabel() : hhmm(v)) : ''; });
      } },
      { scale: 'mw', label: 'MW', size: 60 },
      { scale: 'price', side: 1, label: currency + '/MWh', size: 60, grid: { show: false } },
    ],
    series: [{ label: 'Interval', value: function (u, v) { return v == null ? '–' : '#' + v + ' ' + hhmm(v) + ' UTC'; } }],
  };
  // Drawn in order: the tallest stack first, so each lower segment paints over it. A series with
  // no value at all (no forecast on the public page, no curtailment yet) is left out, legend too.
  var data = [x];
  [
    [barSeries('Unsold MW', color('--unsold'), unsold), stackUnsold],
    [barSeries('Mining MW', color('--mining'), mining), stackMining],
    [barSeries('AI MW', color('--ai'), ai), ai],
    [lineSeries('Forecast MW', color('--forecast'), 'mw', [], forecast), forecast],
    [lineSeries('Revised MW', color('--revised'), 'mw', [6, 4], revised), revised],
    [lineSeries('Firm capacity MW', color('--firm'), 'mw', [1, 3], firmCap), firmCap],
    [lineSeries('Clearing price', color('--price'), 'price', [], price), price],
    [lineSeries('Reserve price', color('--reserve'), 'price', [2, 3], reserve), reserve],
    [lineSeries('Firm price', color('--firm'), 'price', [8, 3], firmPrice), firmPrice],
  ].forEach(function (pair) {
    if (!pair[1].some(function (v) { return v != null; })) return;
    opts.series.push(pair[0]);
    data.push(pair[1]);
  });
  var shown = opts.series.slice(1).map(function (s) { return s.label; });
  var chart = new uPlot(opts, data, target);
  target.setAttribute('data-series', shown.join('|'));
  target.setAttribute('data-bars', String(bars));
  target.setAttribute('data-intervals', String(n));
  // Exposed so the browser tests can locate the bars on the canvas.
  window.surplusCharts = { split: chart };
  var pending;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { chart.setSize({ width: Math.max(280, target.clientWidth), height: chart.height }); }, 100);
  });
})();
