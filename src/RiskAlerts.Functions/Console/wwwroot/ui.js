// What every view of the console shares: the language, text lookup, table filling, the status
// line and the error box, and running a call with its button disabled. Text from the server only
// ever reaches the page through textContent.
import { session, ApiError } from './api.js';
import { strings } from './strings.js';

const languageKey = 'riskalerts.language';

export const $ = (selector) => document.querySelector(selector);

export const ui = {
  language: strings[localStorage.getItem(languageKey)] ? localStorage.getItem(languageKey) : 'zh-CN',
  toggleLanguage() {
    this.language = this.language === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem(languageKey, this.language);
  },
};

// --- text -------------------------------------------------------------------------------------
export function t(key, values = {}) {
  const text = strings[ui.language][key] ?? strings['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export const label = (prefix, value) => strings[ui.language][`${prefix}${value}`] ?? value;
export const statusLabel = (status) => label('status.', status);
export const severityLabel = (severity) => (severity === 'Unknown' ? t('unknown') : label('sev', severity));
export const channelLabel = (channel) => ({ sms: t('channelSms'), email: t('channelEmail') })[channel] ?? channel;
export const formatTime = (value) => (value ? new Intl.DateTimeFormat(ui.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(value)) : '');

export const percent = (rate) => (rate === undefined || rate === null ? '' : `${(rate * 100).toFixed(1)}%`);
export const seconds = (value) => (value === undefined || value === null ? '' : t('seconds', { value: value.toFixed(1) }));

// --- small DOM helpers ------------------------------------------------------------------------
export function cell(row, text, tag = 'td') {
  const element = document.createElement(tag);
  element.textContent = text ?? '';
  row.append(element);
  return element;
}

export function fillTable(selector, rows) {
  const body = $(`${selector} tbody`);
  body.replaceChildren(...rows.map((values) => {
    const row = document.createElement('tr');
    for (const value of values) cell(row, value);
    return row;
  }));
}

export function announce(key, values) {
  $('#status').textContent = t(key, values);
}

export function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.replaceChildren();
}

export function showError(error) {
  const box = $('#error');
  const title = document.createElement('p');
  const problem = error instanceof ApiError ? error.problem : null;
  title.textContent = error instanceof ApiError ? `${t('errorTitle')} (${error.status}): ${problem?.title ?? ''}` : t('networkError');
  const parts = [title];
  if (problem?.errors?.length) {
    const list = document.createElement('ul');
    for (const fieldError of problem.errors) {
      const item = document.createElement('li');
      item.textContent = `${fieldError.field}: ${fieldError.reason}`;
      list.append(item);
    }
    parts.push(list);
  } else if (problem?.detail) {
    const detail = document.createElement('p');
    detail.textContent = problem.detail;
    parts.push(detail);
  }
  box.replaceChildren(...parts);
  box.hidden = false;
  $('#status').textContent = '';
}

export async function run(button, progressKey, work) {
  clearError();
  if (!session.token) {
    announce('needSignIn');
    $('#token-input').focus();
    return;
  }
  if (button) button.disabled = true;
  if (progressKey) announce(progressKey);
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    if (button) button.disabled = false;
  }
}
