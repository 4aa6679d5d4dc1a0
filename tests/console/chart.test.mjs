// The delivery chart's geometry: series from the summary's timeline and their polylines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineSeries, polylines, chartBox } from '../../src/RiskAlerts.Functions/Console/wwwroot/chart.js';

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
