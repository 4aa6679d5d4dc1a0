// The delivery chart of a warning's page (messages accepted per second and their running total,
// per channel, from the summary's timeline) and the overview's success-rate trend, as inline SVG. The geometry is pure (and unit
// tested); drawing only creates SVG elements, so no script or style comes in with it.

const svgNamespace = 'http://www.w3.org/2000/svg';

/** The chart's drawing box, in SVG user units. */
export const chartBox = { width: 600, height: 160, padding: 4 };

/**
 * For each channel of a timeline, its series: messages per second in each bucket and the running
 * total at each bucket's end. The x of each point is seconds from the warning's acceptance.
 */
export function timelineSeries(timeline) {
  if (!timeline?.byChannel) return [];
  const bucket = Math.max(1, timeline.bucketSeconds ?? 1);
  const offset = timeline.secondsFromAcceptance ?? 0;
  return Object.entries(timeline.byChannel)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, counts]) => {
      let total = 0;
      const points = counts.map((count, index) => {
        total += count;
        return { seconds: offset + (index + 1) * bucket, perSecond: count / bucket, total };
      });
      return { channel, bucketSeconds: bucket, points, peakPerSecond: Math.max(0, ...points.map((p) => p.perSecond)), total };
    });
}

/**
 * The polyline points of one measure of every series, on shared axes from the acceptance (x = 0)
 * to the end of the last bucket and from 0 to the highest value of any series. Both start flat at 0
 * until the first message went; the rate is drawn as steps (one level per bucket), the total as a
 * line through the total at each bucket's end.
 */
export function polylines(series, measure, box = chartBox) {
  const endSeconds = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.seconds)));
  const top = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[measure])));
  const x = (seconds) => box.padding + (seconds / endSeconds) * (box.width - 2 * box.padding);
  const y = (value) => box.height - box.padding - (value / top) * (box.height - 2 * box.padding);
  const round = (n) => Math.round(n * 10) / 10;
  const pointsOf = (s) => {
    const first = s.points[0] ? s.points[0].seconds - s.bucketSeconds : 0;
    const steps = measure === 'perSecond'
      ? s.points.flatMap((p) => [[p.seconds - s.bucketSeconds, p.perSecond], [p.seconds, p.perSecond]])
      : s.points.map((p) => [p.seconds, p.total]);
    return [[0, 0], [first, 0], ...steps];
  };
  return {
    endSeconds,
    top,
    lines: series.map((s) => ({
      channel: s.channel,
      points: pointsOf(s).map(([seconds, value]) => `${round(x(seconds))},${round(y(value))}`).join(' '),
    })),
  };
}

function svgElement(name, attributes) {
  const element = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Draws one measure of the series into `svg` (an <svg> element of the page), replacing what it held. */
export function drawChart(svg, series, measure, description) {
  const { lines } = polylines(series, measure);
  svg.setAttribute('viewBox', `0 0 ${chartBox.width} ${chartBox.height}`);
  // Stretched to the page's width at a fixed height; the strokes keep their width (non-scaling-stroke).
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', description);
  const axis = svgElement('path', { class: 'chart-axis', d: `M${chartBox.padding},${chartBox.padding} V${chartBox.height - chartBox.padding} H${chartBox.width - chartBox.padding}` });
  svg.replaceChildren(axis, ...lines.map((line) => svgElement('polyline', { class: `chart-line chart-${line.channel}`, points: line.points, 'data-channel': line.channel })));
}

/**
 * The overview's success-rate trend: one point per real warning that has a rate (something got
 * through or failed), oldest first. Exercises and tests are left out, as they are of the totals.
 */
export function successTrend(warnings) {
  return (warnings ?? [])
    .filter((w) => w.capStatus === 'Actual' && typeof w.progress?.successRate === 'number')
    .map((w) => ({ id: w.id, at: Date.parse(w.acceptedAt), rate: w.progress.successRate }))
    .sort((a, b) => a.at - b.at);
}

/** The polyline points of a trend: evenly spaced, oldest at the left, 0 % at the bottom and 100 % at the top. */
export function trendPoints(trend, box = chartBox) {
  const step = trend.length > 1 ? (box.width - 2 * box.padding) / (trend.length - 1) : 0;
  const y = (rate) => box.height - box.padding - rate * (box.height - 2 * box.padding);
  const round = (n) => Math.round(n * 10) / 10;
  return trend.map((p, i) => `${round(box.padding + i * step)},${round(y(p.rate))}`).join(' ');
}

/** Draws a trend into `svg`, a marker on each warning so that a single one shows too. */
export function drawTrend(svg, trend, description) {
  const points = trendPoints(trend);
  svg.setAttribute('viewBox', `0 0 ${chartBox.width} ${chartBox.height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', description);
  const axis = svgElement('path', { class: 'chart-axis', d: `M${chartBox.padding},${chartBox.padding} V${chartBox.height - chartBox.padding} H${chartBox.width - chartBox.padding}` });
  const markers = points ? points.split(' ').map((point) => {
    const [x, y] = point.split(',');
    return svgElement('line', { class: 'chart-marker', x1: x, y1: y, x2: x, y2: y });
  }) : [];
  svg.replaceChildren(axis, svgElement('polyline', { class: 'chart-line chart-trend', points }), ...markers);
}
