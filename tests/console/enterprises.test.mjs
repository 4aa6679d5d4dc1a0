// The enterprise views' rules (wwwroot/state.js): their addresses, the search's key, what an admin's
// edit sends, and how a delivery row names its enterprise. By hand: `node --test tests/console/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ViewTracker, routeOf, mayUse, enterpriseSearchKey, enterpriseSearchOf, enterpriseSearchHash, contactLookupHash,
  contactsFromForm, preferencesFromForm, enterpriseLabel,
} from '../../src/RiskAlerts.Functions/Console/wwwroot/state.js';

const uscc = '91220102MA0000000E';

test('an enterprise\'s hash names its page keyed by the credit code, and the bare list a search for all', () => {
  assert.deepEqual(routeOf(`#/enterprises/${uscc}`), { view: 'enterprise', key: uscc });
  assert.deepEqual(routeOf('#/enterprises'), { view: 'enterprises', key: '' });
  assert.deepEqual(routeOf('#/enterprises/%E0%A4%A'), { view: 'submit', key: null });
});

test('a search is keyed by its criteria in one order, so the same search is the same key however it was typed', () => {
  const typed = routeOf(`#/enterprises?region=220100&name=${encodeURIComponent(' 长春 ')}&extra=1`);
  assert.equal(typed.view, 'enterprises');
  assert.equal(typed.key, enterpriseSearchKey({ name: '长春', region: '220100' }));
  assert.deepEqual(enterpriseSearchOf(typed.key), { name: '长春', uscc: '', region: '220100' });
  assert.equal(enterpriseSearchHash({ name: '', uscc: ' ', region: '' }), '#/enterprises');
  assert.equal(routeOf(enterpriseSearchHash({ name: '长春科技' })).key, typed.key.replace(encodeURIComponent('长春'), encodeURIComponent('长春科技')).replace('&region=220100', ''));
});

test('an answer for an earlier search is stale once another search is on screen', () => {
  const views = new ViewTracker();
  const first = views.open('enterprises', enterpriseSearchKey({ name: '长春' }));
  const second = views.open('enterprises', enterpriseSearchKey({ name: '吉林' }));
  assert.equal(views.isCurrent(first), false);
  assert.equal(views.isCurrent(second), true);
});

test('a contact lookup\'s address names the enterprise, the contact and the channel, never the address', () => {
  const hash = contactLookupHash(uscc, 'legal/2', 'sms');
  assert.equal(hash, `#/lookup/${uscc}/legal%2F2/sms`);
  assert.deepEqual(routeOf(hash), { view: 'lookup', key: { uscc, contactId: 'legal/2', channel: 'sms' } });
  assert.deepEqual(routeOf(`#/lookup/${uscc}/legal/fax`), { view: 'submit', key: null });
  assert.deepEqual(routeOf('#/lookup'), { view: 'lookup', key: null });
});

test('an edit of an enterprise acts only on the enterprise on screen, with the form drawn for it', () => {
  const views = new ViewTracker();
  const earlier = views.open('enterprise', uscc);
  const other = '91220102MA0000001C';
  const now = views.open('enterprise', other);
  assert.equal(views.actionTarget(earlier, uscc, 'enterprise'), null);
  assert.equal(views.actionTarget(now, uscc, 'enterprise'), null, 'the form was drawn for the enterprise shown before');
  assert.equal(views.actionTarget(now, other, 'enterprise'), other);
  assert.equal(views.actionTarget(now, other), null, 'a warning action never takes an enterprise');
});

test('only operators and admins see the enterprise views', () => {
  for (const view of ['enterprises', 'enterprise']) {
    assert.equal(mayUse(view, ['operator']), true);
    assert.equal(mayUse(view, ['admin']), true);
    assert.equal(mayUse(view, ['analyst']), false);
    assert.equal(mayUse(view, ['enterprise']), false);
  }
});

test('edited contacts are sent trimmed, without empty addresses, and wholly empty rows are dropped', () => {
  const sent = contactsFromForm([
    { id: ' legal ', name: ' 张三 ', role: '', mobile: ' 13912345678 ', email: '', channels: ['sms'] },
    { id: '', name: '', role: '', mobile: '', email: '', channels: [] },
  ]);
  assert.deepEqual(sent, [{ id: 'legal', name: '张三', channels: ['sms'], mobile: '13912345678' }]);
});

test('saving preferences keeps the regions and industries the form does not show', () => {
  const stored = { categories: ['telecom-fraud'], minimumSeverity: 'Moderate', regions: ['220102'], industries: ['C39'], channels: ['sms'] };
  const sent = preferencesFromForm(stored, { categories: ['illegal-fundraising'], minimumSeverity: 'Severe', channels: ['email'], quietStart: '', quietEnd: '' });
  assert.deepEqual(sent, { categories: ['illegal-fundraising'], minimumSeverity: 'Severe', regions: ['220102'], industries: ['C39'], channels: ['email'] });
  assert.deepEqual(preferencesFromForm(stored, { quietStart: '22:00', quietEnd: '07:00' }).quietHours, { start: '22:00', end: '07:00' });
});

test('a delivery row names its enterprise beside the credit code, and the code alone for rows planned without a name', () => {
  assert.equal(enterpriseLabel({ uscc, enterpriseName: '长春示例科技有限公司' }), `长春示例科技有限公司（${uscc}）`);
  assert.equal(enterpriseLabel({ uscc }), uscc);
});

test('the warnings list is keyed by its filters, in one order, and the bare list by none', async () => {
  const { warningFilterKey, warningFilterOf, warningFilterHash } = await import('../../src/RiskAlerts.Functions/Console/wwwroot/state.js');
  assert.deepEqual(routeOf('#/warnings'), { view: 'warnings', key: null });
  const route = routeOf(`#/warnings?q=${encodeURIComponent(' 冒充 ')}&severity=Extreme&unknown=1`);
  assert.deepEqual(route, { view: 'warnings', key: warningFilterKey({ severity: 'Extreme', q: '冒充' }) });
  assert.deepEqual(warningFilterOf(route.key), { status: '', severity: 'Extreme', category: '', q: '冒充' });
  assert.equal(warningFilterHash({ status: '', severity: '', category: '', q: ' ' }), '#/warnings');
  const views = new ViewTracker();
  const before = views.open('warnings', route.key);
  views.open('warnings', warningFilterKey({ status: 'Delivering' }));
  assert.equal(views.isCurrent(before), false, 'an answer for the filters shown before is dropped');
});
