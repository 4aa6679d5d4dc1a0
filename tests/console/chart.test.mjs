// The delivery chart's geometry: series from the summary's timeline and their polylines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineSeries, polylines, chartBox, successTrend, trendPoints } from '../../src/RiskAlerts.Functions/Console/wwwroot/chart.js';

const timeline = { secondsFromAcceptance: 2, bucketSeconds: 2, byChannel: { sms: [10, 30, 0], email: [4, 0, 2] } };

test('a series per channel counts per second in each bucket and the running total, from the acceptance', () => {
  const [email, sms] = timelineSeries(timeline);
  assert.equal(email.channel, 'email');
  assert.deepEqual(sms.points, [
    { seconds: 4, perSecond: 5, total: 10 },
    { seconds: 6, perSecond: 15, total: 40 },
    { seconds: 8, perSecond: 0, total: 40 },
  ]);
  assert.equal(sms.peakPerSecond, 15);
  assert.equal(sms.total, 40);
  assert.equal(email.total, 6);
});

test('no timeline, no series', () => {
  assert.deepEqual(timelineSeries(null), []);
  assert.deepEqual(timelineSeries({}), []);
});

test('the lines share their axes: the highest value of any channel reaches the top, the end the right edge', () => {
  const { endSeconds, top, lines } = polylines(timelineSeries(timeline), 'total');
  assert.equal(endSeconds, 8);
  assert.equal(top, 40);
  const sms = lines.find((l) => l.channel === 'sms').points.split(' ').map((p) => p.split(',').map(Number));
  assert.deepEqual(sms[0], [chartBox.padding, chartBox.height - chartBox.padding]);
  assert.deepEqual(sms.at(-1), [chartBox.width - chartBox.padding, chartBox.padding]);
  const email = lines.find((l) => l.channel === 'email').points.split(' ').map((p) => p.split(',').map(Number));
  assert.ok(email.at(-1)[1] > chartBox.padding, 'a smaller total stays below the top');
});

test('the rate is drawn as one level per bucket, flat at 0 until the first message went', () => {
  const { lines } = polylines(timelineSeries(timeline), 'perSecond');
  const sms = lines.find((l) => l.channel === 'sms').points.split(' ').map((p) => p.split(',').map(Number));
  assert.equal(sms.length, 2 + 2 * 3);
  const bottom = chartBox.height - chartBox.padding;
  assert.equal(sms[1][1], bottom, 'nothing went in the 2 s before the first bucket');
  assert.equal(sms[2][0], sms[1][0], 'the first bucket starts where the wait ends');
  assert.equal(sms[2][1], sms[3][1], 'a bucket is one level');
  assert.equal(sms[4][1], chartBox.padding, 'the busiest bucket reaches the top');
  assert.equal(sms.at(-1)[1], bottom, 'the last bucket sent nothing');
});

test('the success trend has one point per real warning with a rate, oldest first', () => {
  const trend = successTrend([
    { id: 'c', acceptedAt: '2026-12-03T03:00:00Z', capStatus: 'Actual', progress: { successRate: 0.5 } },
    { id: 'x', acceptedAt: '2026-12-03T02:30:00Z', capStatus: 'Exercise', progress: { successRate: 1 } },
    { id: 'a', acceptedAt: '2026-12-03T01:00:00Z', capStatus: 'Actual', progress: { successRate: 1 } },
    { id: 'n', acceptedAt: '2026-12-03T02:00:00Z', capStatus: 'Actual', progress: { successRate: null } },
  ]);
  assert.deepEqual(trend.map((p) => [p.id, p.rate]), [['a', 1], ['c', 0.5]]);
  assert.deepEqual(successTrend(undefined), []);
});

test('a trend runs from the left edge to the right, 100 % at the top and 0 % at the bottom', () => {
  const points = trendPoints([{ rate: 1 }, { rate: 0 }, { rate: 0.5 }]).split(' ').map((p) => p.split(',').map(Number));
  assert.deepEqual(points[0], [chartBox.padding, chartBox.padding]);
  assert.deepEqual(points[1], [chartBox.width / 2, chartBox.height - chartBox.padding]);
  assert.deepEqual(points[2], [chartBox.width - chartBox.padding, chartBox.height / 2]);
  assert.equal(trendPoints([{ rate: 1 }]), `${chartBox.padding},${chartBox.padding}`);
});
