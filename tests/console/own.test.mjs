// The enterprise's own page (#/own) and the detail page's following of acknowledgements
// (wwwroot/state.js), by node's own test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewTracker, routeOf, mayUse, landingFor, receivedRows, withAcknowledgements, keepsPolling, approvalsHash } from '../../src/RiskAlerts.Functions/Console/wwwroot/state.js';

test('the own page is named by #/own and shown to the enterprise role only', () => {
  assert.deepEqual(routeOf('#/own'), { view: 'own', key: null });
  assert.equal(mayUse('own', ['enterprise']), true);
  for (const role of ['analyst', 'approver', 'operator', 'admin', 'platform']) assert.equal(mayUse('own', [role]), false, role);
  // The enterprise reads its own record through #/own, never the operators' enterprise pages.
  assert.equal(mayUse('enterprise', ['enterprise']), false);
  assert.equal(mayUse('enterprises', ['enterprise']), false);
});

test('an enterprise lands on its own page and every other role where it did before', () => {
  assert.equal(landingFor(['enterprise']), '#/own');
  assert.equal(landingFor(['analyst']), '#/submit');
  assert.equal(landingFor(['approver']), approvalsHash);
  assert.equal(landingFor(['operator']), '#/warnings');
  assert.equal(landingFor(['platform']), null);
});

test('received warnings are listed newest first, each saying whether it still asks for an acknowledgement', () => {
  const rows = receivedRows([
    { warningId: 'a', sentAt: '2026-12-01T08:00:00+00:00', acknowledged: true },
    { warningId: 'c', sentAt: '2026-12-03T08:00:00+00:00', acknowledged: false },
    { warningId: 'b', sentAt: '2026-12-02T08:00:00+00:00' },
  ]);
  assert.deepEqual(rows.map((r) => [r.warningId, r.acknowledged]), [['c', false], ['b', false], ['a', true]]);
});

test('an acknowledgement made on the page shows before the list is read again, without changing the list read', () => {
  const items = [{ warningId: 'a', sentAt: '2026-12-01T08:00:00+00:00', acknowledged: false }];
  assert.equal(receivedRows(items, new Set(['a']))[0].acknowledged, true);
  assert.equal(receivedRows(items, new Set(['b']))[0].acknowledged, false);
  assert.equal(items[0].acknowledged, false);
  assert.deepEqual(receivedRows(undefined), []);
});

test('a subscription change acts only on the own page it was drawn for', () => {
  const views = new ViewTracker();
  const own = views.open('own', '91220101MA0000000X');
  assert.equal(views.actionTarget(own, '91220101MA0000000X', 'own'), '91220101MA0000000X');
  assert.equal(views.actionTarget(own, '91220101MA0000001X', 'own'), null);
  assert.equal(views.actionTarget(own, '91220101MA0000000X', 'enterprise'), null);
  views.open('warnings');
  assert.equal(views.actionTarget(own, '91220101MA0000000X', 'own'), null);
});

test('a fresher list of acknowledgements updates the counts and leaves the reach as read', () => {
  const summary = {
    enterprises: 3,
    acknowledged: 0,
    notAcknowledged: 3,
    byEnterprise: [],
    notAcknowledgedEnterprises: ['A', 'B', 'C'],
  };
  const list = { warningId: 'w', acknowledged: 1, byEnterprise: [{ uscc: 'B', acknowledgedAt: '2026-12-03T08:01:00Z', channel: 'api', contacts: [{}] }] };
  const merged = withAcknowledgements(summary, list);
  assert.deepEqual(
    [merged.enterprises, merged.acknowledged, merged.notAcknowledged, merged.notAcknowledgedEnterprises, merged.byEnterprise.map((e) => e.uscc)],
    [3, 1, 2, ['A', 'C'], ['B']]);
  assert.deepEqual(summary.notAcknowledgedEnterprises, ['A', 'B', 'C']);
});

test('acknowledgements from more enterprises than the summary counted raise the reach rather than go below zero', () => {
  const merged = withAcknowledgements({ enterprises: 1, acknowledged: 0, notAcknowledged: 1, byEnterprise: [], notAcknowledgedEnterprises: ['A'] },
    { acknowledged: 2, byEnterprise: [{ uscc: 'A' }, { uscc: 'B' }] });
  assert.deepEqual([merged.enterprises, merged.acknowledged, merged.notAcknowledged, merged.notAcknowledgedEnterprises], [2, 2, 0, []]);
  assert.equal(withAcknowledgements(null, { acknowledged: 1, byEnterprise: [] }), null);
  const summary = { enterprises: 1 };
  assert.equal(withAcknowledgements(summary, null), summary);
});

test('following acknowledgements leaves unchanged when the delivery polling stops', () => {
  const settled = { summary: { progress: { total: 2, pending: 0 } }, acknowledgements: { enterprises: 2, acknowledged: 0, notAcknowledged: 2 } };
  assert.equal(keepsPolling({ status: 'Completed' }, settled), false);
  assert.equal(keepsPolling({ status: 'Delivering' }, settled), true);
});
