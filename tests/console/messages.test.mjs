// Problems in the reader's language (wwwroot/messages.js), and a Chinese string for every code the
// API can send: the codes are read from the C# enums themselves, so a new code without its Chinese
// words fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeProblem, baseField, itemNumber } from '../../src/RiskAlerts.Functions/Console/wwwroot/messages.js';
import { strings } from '../../src/RiskAlerts.Functions/Console/wwwroot/strings.js';

const lookup = (language) => (key, values = {}) => {
  const text = strings[language][key];
  return text === undefined ? undefined : text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
};

const enumMembers = (path) => {
  const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('{', source.indexOf('public enum')) + 1, source.indexOf('}', source.indexOf('public enum')));
  return body.replace(/\[[^\]]*\]/g, '').replace(/\/\/\/.*$/gm, '').split(',').map((m) => m.trim().split(/\s|=/)[0]).filter(Boolean);
};

test('a too-long headline is said in Chinese with the API\'s own limit, at the headline field', () => {
  const described = describeProblem(400, { code: 'ValidationFailed', errors: [{ field: 'headline', code: 'TooLong', limit: 120, reason: 'must be at most 120 characters (got 130)' }] }, lookup('zh-CN'));
  assert.equal(described.title, '提交的内容有误，请按提示修改。');
  assert.deepEqual(described.errors, [{ field: 'headline', path: 'headline', message: '最多 120 个字符', summary: '标题：最多 120 个字符' }]);
});

test('an error on an item of a list names the list\'s field and the item number', () => {
  const [error] = describeProblem(400, { code: 'ValidationFailed', errors: [{ field: 'regions[1]', code: 'UnknownRegion' }] }, lookup('zh-CN')).errors;
  assert.equal(error.field, 'regions');
  assert.equal(error.summary, '地区第 2 项：不是已知的行政区划');
});

test('an unknown code or field falls back to Chinese words, never the English reason', () => {
  const [error] = describeProblem(400, { code: 'SomethingNew', errors: [{ field: 'novel', code: 'Novel', reason: 'is wrong in English' }] }, lookup('zh-CN')).errors;
  assert.equal(error.summary, '此项：无效');
  assert.equal(describeProblem(418, { code: 'SomethingNew' }, lookup('zh-CN')).title, '请求失败（418）。');
});

test('a 403 without field errors is one Chinese sentence', () => {
  const described = describeProblem(403, { code: 'Forbidden', title: 'Forbidden', detail: 'needs the operator role' }, lookup('zh-CN'));
  assert.equal(described.title, '当前角色无权执行此操作。');
  assert.deepEqual(described.errors, []);
});

test('paths lose their indexes and give 1-based item numbers', () => {
  assert.equal(baseField('contacts[0].channels[1]'), 'contacts.channels');
  assert.equal(itemNumber('contacts[0].channels[1]'), 2);
  assert.equal(itemNumber('headline'), null);
});

for (const [path, prefix] of [
  ['src/RiskAlerts.Core/Validation/FieldErrorCode.cs', 'code.'],
  ['src/RiskAlerts.Functions/Http/ProblemCode.cs', 'problem.'],
  ['src/RiskAlerts.Core/Deliveries/DeliveryStatus.cs', 'delivery.'],
]) {
  test(`every member of ${path.split('/').pop()} has zh-CN and English words`, () => {
    const members = enumMembers(path);
    assert.ok(members.length >= 8, `read ${members.length} members from ${path}`);
    for (const member of members) {
      assert.ok(strings['zh-CN'][prefix + member], `zh-CN lacks ${prefix}${member}`);
      assert.ok(strings.en[prefix + member], `en lacks ${prefix}${member}`);
    }
  });
}

test('the two languages have the same keys', () => {
  assert.deepEqual(Object.keys(strings.en).sort(), Object.keys(strings['zh-CN']).sort());
});
