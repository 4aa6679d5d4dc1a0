// The console's rules of state (wwwroot/state.js), checked by node's own test runner: no browser,
// no build chain. `npm test` runs these first; by hand: `node --test tests/console/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewTracker, routeOf, keepsPolling, draftFromForm, splitList, sendConfirmation, retractConfirmation, mayUse, followUpRequest, closedStatuses, mayIssue, mayDecide, decisionRequest, approvalConfirmation, approvalsHash, acknowledgementRows, acknowledgementCounts, auditFilterHash, auditFilterOf, auditPage, nextAuditMax, registrationFromForm, auditTarget, auditDetail } from '../../src/RiskAlerts.Functions/Console/wwwroot/state.js';

const id = (n) => `0000000${n}-0000-0000-0000-000000000000`;

test('a warning detail hash names the detail view keyed by the warning id', () => {
  assert.deepEqual(routeOf(`#/warnings/${id(1)}`), { view: 'detail', key: id(1) });
  assert.deepEqual(routeOf('#/warnings'), { view: 'warnings', key: null });
  assert.deepEqual(routeOf('#/overview'), { view: 'overview', key: null });
});

test('an unknown or malformed hash opens the submit form, never a detail', () => {
  assert.deepEqual(routeOf(''), { view: 'submit', key: null });
  assert.deepEqual(routeOf('#/nowhere'), { view: 'submit', key: null });
  assert.deepEqual(routeOf('#/warnings/%E0%A4%A'), { view: 'submit', key: null });
  assert.deepEqual(routeOf('#/warnings/a/b'), { view: 'submit', key: null });
});

test('an answer for the view shown before is not current once another warning is open', () => {
  const views = new ViewTracker();
  const first = views.open('detail', id(1));
  const second = views.open('detail', id(2));
  assert.equal(views.isCurrent(first), false);
  assert.equal(views.isCurrent(second), true);
});

test('reopening the same warning makes the earlier poll stale too', () => {
  const views = new ViewTracker();
  const before = views.open('detail', id(1));
  const again = views.open('detail', id(1));
  assert.equal(views.isCurrent(before), false);
  assert.equal(views.isCurrent(again), true);
});

test('closing leaves no view current, so a pending timer sets no further poll', () => {
  const views = new ViewTracker();
  const view = views.open('detail', id(1));
  views.close();
  assert.equal(views.isCurrent(view), false);
  assert.equal(views.isCurrent(null), false);
});

test('retract targets the warning the URL names when the form was drawn for it', () => {
  const views = new ViewTracker();
  const view = views.open('detail', id(2));
  assert.equal(views.actionTarget(view, id(2)), id(2));
});

test('retract is refused when the form on screen was drawn for another warning', () => {
  const views = new ViewTracker();
  views.open('detail', id(1));
  const onScreen = views.open('detail', id(2));
  assert.equal(views.actionTarget(onScreen, id(1)), null);
  assert.equal(views.actionTarget(onScreen, undefined), null);
});

test('retract is refused from a view that is no longer on screen', () => {
  const views = new ViewTracker();
  const earlier = views.open('detail', id(1));
  views.open('warnings');
  assert.equal(views.actionTarget(earlier, id(1)), null);
});

test('a delivering warning keeps polling; a completed one with nothing pending stops', () => {
  const progress = (pending) => ({ summary: { progress: { total: 2, pending } } });
  assert.equal(keepsPolling({ status: 'Delivering' }, progress(1)), true);
  assert.equal(keepsPolling({ status: 'Delivering' }, progress(0)), true);
  assert.equal(keepsPolling({ status: 'Completed' }, progress(0)), false);
  assert.equal(keepsPolling({ status: 'Cancelled' }, null), false);
  assert.equal(keepsPolling({ status: 'Expired' }, progress(0)), false);
});

test('a cancelled warning whose deliveries are still settling keeps polling until they are', () => {
  assert.equal(keepsPolling({ status: 'Cancelled' }, { summary: { progress: { total: 3, pending: 2 } } }), true);
});

test('lists split on ASCII and full-width commas, the ideographic comma and spaces', () => {
  assert.deepEqual(splitList('220100，220102、 220103,220104'), ['220100', '220102', '220103', '220104']);
  assert.deepEqual(splitList('  '), []);
});

test('the draft leaves out empty optional fields and trims the rest', () => {
  const draft = draftFromForm({
    category: ' telecom-fraud ', headline: ' 标题 ', description: '描述', instruction: '  ',
    severity: 'Severe', urgency: 'Expected', certainty: 'Likely', regions: ['220000'], targets: '', expiresAt: '', channels: ['sms'],
  });
  assert.deepEqual(draft, {
    category: 'telecom-fraud', headline: '标题', description: '描述', severity: 'Severe', urgency: 'Expected', certainty: 'Likely', channels: ['sms'], regions: ['220000'],
  });
});

test('the draft carries the expiry as an instant and the targets as a list', () => {
  const draft = draftFromForm({ expiresAt: '2030-01-02T03:04', targets: '91220102MA0000000E，91220102MA0000001C', channels: [] });
  assert.equal(draft.expiresAt, new Date('2030-01-02T03:04').toISOString());
  assert.deepEqual(draft.targets, ['91220102MA0000000E', '91220102MA0000001C']);
});

test('the send confirmation repeats the regions by name and the audience by channel', () => {
  const names = { 220000: '吉林省', 220100: '吉林省 长春市' };
  const values = sendConfirmation(
    { headline: '预警', regions: ['220000', '220100'] },
    { totalEnterprises: 30, totalRecipients: 75, byChannel: { sms: 50, email: 25 } },
    (code) => names[code], '定向企业');
  assert.deepEqual(values, { headline: '预警', regions: '吉林省、吉林省 长春市', enterprises: 30, recipients: 75, sms: 50, email: 25 });
});

test('a targeted warning is confirmed as going to the targeted enterprises, a channel absent counts 0', () => {
  const values = sendConfirmation({ headline: '定向', targets: ['x'] }, { totalEnterprises: 1, totalRecipients: 1, byChannel: { sms: 1 } }, String, '定向企业');
  assert.equal(values.regions, '定向企业');
  assert.equal(values.email, 0);
});

test('the retract confirmation counts what stops and what is already out', () => {
  assert.deepEqual(retractConfirmation({ headline: '甲' }, { summary: { progress: { total: 10, pending: 4 } } }), { headline: '甲', total: 10, pending: 4, done: 6 });
  assert.deepEqual(retractConfirmation({ headline: '乙' }, null), { headline: '乙', total: 0, pending: 0, done: 0 });
});

test('an analyst may not use the dead-letter view; operators and admins may', () => {
  assert.equal(mayUse('deadletters', ['analyst']), false);
  assert.equal(mayUse('deadletters', ['operator']), true);
  assert.equal(mayUse('deadletters', ['admin']), true);
  assert.equal(mayUse('submit', ['operator']), false);
  assert.equal(mayUse('detail', ['analyst']), true);
});

test('before sign-in every view shows, asking to sign in; an unknown view is nobody\'s', () => {
  assert.equal(mayUse('deadletters', null), true);
  assert.equal(mayUse('nowhere', ['admin']), false);
});

test('a correction sends only the fields filled in, trimmed; one that changes nothing sends nothing', () => {
  assert.deepEqual(followUpRequest('update', { headline: ' 更正后的标题 ', description: '  ', reason: '忽略' }), { kind: 'update', body: { headline: '更正后的标题' } });
  assert.deepEqual(followUpRequest('update', { headline: '', description: '新内容' }), { kind: 'update', body: { description: '新内容' } });
  assert.equal(followUpRequest('update', { headline: ' ', description: '' }), null);
});

test('a cancellation sends its reason alone and needs one', () => {
  assert.deepEqual(followUpRequest('cancel', { headline: '不发送', reason: ' 误报 ' }), { kind: 'cancel', body: { reason: '误报' } });
  assert.equal(followUpRequest('cancel', { reason: '   ' }), null);
});

test('a warning an update replaced is closed: it stops polling and offers no action', () => {
  assert.equal(closedStatuses.has('Superseded'), true);
  assert.equal(keepsPolling({ status: 'Superseded' }, null), false);
});

test('the approvals queue is the warnings list of those waiting, and only approvers and admins are led to it', () => {
  assert.deepEqual(routeOf(approvalsHash), { view: 'warnings', key: 'status=PendingApproval' });
  assert.equal(mayUse('approvals', ['approver']), true);
  assert.equal(mayUse('approvals', ['admin']), true);
  assert.equal(mayUse('approvals', ['analyst']), false);
  assert.equal(mayUse('detail', ['approver']), true);
  assert.equal(mayUse('submit', ['approver']), false);
});

test('only a warning waiting for approval is decided, and only by an approver or an admin', () => {
  assert.equal(mayDecide({ status: 'PendingApproval' }, ['approver']), true);
  assert.equal(mayDecide({ status: 'PendingApproval' }, ['admin']), true);
  assert.equal(mayDecide({ status: 'PendingApproval' }, ['analyst', 'operator']), false);
  assert.equal(mayDecide({ status: 'Delivering' }, ['approver']), false);
  assert.equal(mayDecide(null, ['approver']), false);
});

test('retract, correct and call off are offered to analysts and admins, not to approvers or operators', () => {
  assert.equal(mayIssue(['analyst']), true);
  assert.equal(mayIssue(['admin']), true);
  assert.equal(mayIssue(['approver']), false);
  assert.equal(mayIssue(['operator']), false);
  assert.equal(mayIssue(undefined), false);
});

test('a rejection needs a reason; an approval takes its note when there is one', () => {
  assert.equal(decisionRequest('reject', '  '), null);
  assert.deepEqual(decisionRequest('reject', ' 与事实不符 '), { decision: 'reject', reason: '与事实不符' });
  assert.deepEqual(decisionRequest('approve', ''), { decision: 'approve', reason: undefined });
  assert.deepEqual(decisionRequest('approve', ' 同意 '), { decision: 'approve', reason: '同意' });
});

test('the approval confirmation counts the audience it releases', () => {
  assert.deepEqual(approvalConfirmation({ headline: '甲' }, { totalEnterprises: 3, totalRecipients: 5 }), { headline: '甲', enterprises: 3, recipients: 5 });
  assert.deepEqual(approvalConfirmation({ headline: '乙' }, null), { headline: '乙', enterprises: 0, recipients: 0 });
});

test('the acknowledgements table lists each enterprise that acknowledged, earliest first, with its contacts', () => {
  const rows = acknowledgementRows({ byEnterprise: [
    { uscc: 'B', acknowledgedAt: '2026-12-03T02:00:00Z', channel: 'sms', contacts: [{}, {}] },
    { uscc: 'A', acknowledgedAt: '2026-12-03T01:00:00Z', channel: 'email', contacts: [{}] },
  ] });
  assert.deepEqual(rows.map((r) => [r.uscc, r.channel, r.contacts]), [['A', 'email', 1], ['B', 'sms', 2]]);
  assert.deepEqual(acknowledgementRows(null), []);
});

test('the acknowledgement counts say who was reached, who acknowledged and who is still waited for', () => {
  assert.deepEqual(acknowledgementCounts({ enterprises: 5, acknowledged: 2, notAcknowledged: 3, notAcknowledgedEnterprises: ['X', 'Y'] }), { enterprises: 5, acknowledged: 2, waiting: 3, listed: ['X', 'Y'] });
  assert.deepEqual(acknowledgementCounts(undefined), { enterprises: 0, acknowledged: 0, waiting: 0, listed: [] });
});

test('the audit trail is its own view, for operators and admins only', () => {
  assert.deepEqual(routeOf('#/audit'), { view: 'audit', key: '' });
  assert.equal(mayUse('audit', ['operator']), true);
  assert.equal(mayUse('audit', ['admin']), true);
  assert.equal(mayUse('audit', ['analyst']), false);
  assert.equal(mayUse('audit', ['approver']), false);
});

test('the audit trail\'s day is in its address, and only the day the API takes', () => {
  assert.equal(auditFilterHash({ day: ' 2026-12-01 ' }), '#/audit?day=2026-12-01');
  assert.equal(auditFilterHash({ day: '' }), '#/audit');
  assert.deepEqual(routeOf('#/audit?day=2026-12-01'), { view: 'audit', key: 'day=2026-12-01' });
  assert.deepEqual(routeOf('#/audit?action=channel.pause&day=2026-12-01'), { view: 'audit', key: 'day=2026-12-01' });
  assert.deepEqual(auditFilterOf('day=2026-12-01'), { day: '2026-12-01' });
  assert.deepEqual(auditFilterOf(''), { day: '' });
});

test('more of the audit trail is the same day read further, until the day is exhausted or the bound reached', () => {
  assert.equal(nextAuditMax(auditPage.first, auditPage.first), 400);
  assert.equal(nextAuditMax(199, 200), null);
  assert.equal(nextAuditMax(800, 800), 1000);
  assert.equal(nextAuditMax(1000, 1000), null);
});

test('only admins are offered the registration form', () => {
  assert.equal(mayUse('register', ['admin']), true);
  assert.equal(mayUse('register', ['operator']), false);
  assert.equal(mayUse('enterprises', ['operator']), true);
});

test('a registration sends the enterprise, its contacts with ids and the ticked categories over the defaults', () => {
  const { uscc, body } = registrationFromForm({
    uscc: ' 91220183mA0000001x ',
    name: ' 德惠粮油有限公司 ',
    registeredCounty: '220183',
    industry: 'c39',
    categories: ['telecom-fraud'],
    contacts: [
      { id: '', name: '张三', mobile: '+8613812345678', email: '', channels: ['sms'] },
      { id: 'c1', name: '李四', mobile: '', email: 'li@example.com', channels: ['email'] },
      { id: '', name: '', mobile: '', email: '', channels: [] },
    ],
  });
  assert.equal(uscc, '91220183MA0000001X');
  assert.deepEqual(body.enterprise, { name: '德惠粮油有限公司', registeredCounty: '220183', industry: 'C39' });
  assert.deepEqual(body.contacts, [
    { id: 'c2', name: '张三', mobile: '+8613812345678', channels: ['sms'] },
    { id: 'c1', name: '李四', email: 'li@example.com', channels: ['email'] },
  ]);
  assert.deepEqual(body.preferences, {
    categories: ['telecom-fraud'],
    minimumSeverity: 'Moderate',
    regions: ['220183'],
    industries: [],
    channels: ['sms', 'email'],
    quietHours: { start: '22:00', end: '07:00' },
  });
});

test('a registration without a county sends no preferences, so the county is what the API refuses', () => {
  const { uscc, body } = registrationFromForm({ uscc: '', name: '', registeredCounty: '', industry: '', categories: ['telecom-fraud'], contacts: [] });
  assert.equal(uscc, '');
  assert.deepEqual(body, { enterprise: { name: '', registeredCounty: '', industry: '' }, contacts: [] });
});

test('an audit entry\'s target is labelled by its kind: a channel, a provider, a dead letter, an entity', () => {
  assert.deepEqual(auditTarget('channel.pause', 'channel:sms'), { kind: 'channel', name: 'sms' });
  assert.deepEqual(auditTarget('channel.resume', 'provider:local-sms'), { kind: 'provider', name: 'local-sms' });
  assert.deepEqual(auditTarget('deadletter.replay', 'sms/42'), { kind: 'deadletter', entity: 'sms', sequence: '42' });
  assert.deepEqual(auditTarget('deadletter.replay-all', 'warnings'), { kind: 'entity', entity: 'warnings' });
  assert.deepEqual(auditTarget('deliveries.lookup', '+86 138****5678'), { kind: 'text', text: '+86 138****5678' });
});

test('an audit entry\'s detail is the reason written, or the recorded outcome in the reader\'s words', () => {
  assert.deepEqual(auditDetail('channel.pause', ' 短信网关检修 '), { reason: '短信网关检修' });
  assert.deepEqual(auditDetail('deadletter.discard', '重复消息'), { reason: '重复消息' });
  assert.deepEqual(auditDetail('deadletter.replay', 'replayed'), { key: 'auditReplayedOne', values: {} });
  assert.deepEqual(auditDetail('deadletter.replay-all', '3 replayed'), { key: 'auditReplayedAll', values: { count: 3 } });
  assert.deepEqual(auditDetail('deliveries.lookup', '2 deliveries found in 9 warnings of the last 7 days'), { key: 'auditLookup', values: { count: 2, searched: 9, days: 7 } });
  assert.deepEqual(
    auditDetail('deliveries.lookup', '0 deliveries found in 1 warnings of the last 7 days (contact duty of 91220183MA0000001X)'),
    { key: 'auditLookupContact', values: { count: 0, searched: 1, days: 7, contact: 'duty', uscc: '91220183MA0000001X' } });
  assert.deepEqual(auditDetail('deadletter.replay', 'something new'), { english: 'something new' });
  assert.equal(auditDetail('channel.resume', null), null);
});
