// What every view of the console shares: the language, text lookup, table filling, the status
// line and the error box, and running a call with its button disabled. Text from the server only
// ever reaches the page through textContent.
import { session, ApiError } from './api.js';
import { strings } from './strings.js';
import { describeProblem } from './messages.js';
import { catalog } from './catalog.js';

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

/** A string only if this language (or zh-CN) has it, for lookups that have their own fallback. */
export function known(key, values = {}) {
  const text = strings[ui.language][key] ?? strings['zh-CN'][key];
  return text === undefined ? undefined : text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export const label = (prefix, value) => strings[ui.language][`${prefix}${value}`] ?? value;
export const statusLabel = (status) => label('status.', status);
export const deliveryStatusLabel = (status) => label('delivery.', status);
export const roleLabel = (role) => label('role.', role);
export const deadLetterReasonLabel = (reason) => label('deadLetter.', reason);
/** A Service Bus entity (`warnings`, `deliveries/Subscriptions/sms` ...) by what it carries. */
export const entityLabel = (entity) => {
  const kind = ['sms', 'email', 'warnings', 'deliveries'].find((name) => new RegExp(`(^|/)${name}$`, 'i').test(entity));
  return kind ? t(`entity.${kind}`) : entity;
};
export const severityLabel = (severity) => (severity === 'Unknown' ? t('unknown') : label('sev', severity));
// An acknowledgement may also come through the API, which the enterprise's own systems call.
export const channelLabel = (channel) => ({ sms: t('channelSms'), email: t('channelEmail'), api: t('channelApi') })[channel] ?? channel;
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

/** A cell linking to a warning's page by its headline, which is shown as its author wrote it. */
export function warningCell(row, warningId, headline) {
  const link = document.createElement('a');
  link.href = `#/warnings/${encodeURIComponent(warningId)}`;
  link.textContent = headline;
  link.dataset.userText = '';
  cell(row, '').append(link);
}

function option(value, text) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  return element;
}

/** Fills a select with [value, text] pairs, keeping the choice if it is still offered. */
export function fillSelect(select, options) {
  const chosen = select.value;
  select.replaceChildren(...options.map(([value, text]) => option(value, text)));
  if (options.some(([value]) => value === chosen)) select.value = chosen;
}

/**
 * A region picker's three selects (province, prefecture, county) from the catalogue, each level
 * offered once the level above is chosen. Returns the most precise code chosen ('' for none).
 */
export function fillRegionPicker({ province, prefecture, county }, provinceLabel = 'regionChoose') {
  fillSelect(province, [['', t(provinceLabel)], ...catalog.childrenOf(null).map((r) => [r.code, r.name])]);
  fillSelect(prefecture, province.value ? [['', t('regionWholeProvince')], ...catalog.childrenOf(province.value).map((r) => [r.code, r.name])] : []);
  prefecture.disabled = !province.value;
  const counties = prefecture.value ? catalog.childrenOf(prefecture.value) : [];
  fillSelect(county, counties.length ? [['', t('regionWholePrefecture')], ...counties.map((r) => [r.code, r.name])] : []);
  county.disabled = counties.length === 0;
  return county.value || prefecture.value || province.value;
}

/** Sets a region picker's selects to show `code` (a province, prefecture or county code, or none). */
export function showRegionInPicker(selects, code, provinceLabel = 'regionAll') {
  const chain = [];
  for (let region = catalog.region(code); region; region = catalog.region(region.parent)) chain.unshift(region.code);
  const levels = [selects.province, selects.prefecture, selects.county];
  levels.forEach((select) => { select.value = ''; });
  fillRegionPicker(selects, provinceLabel);
  chain.forEach((value, i) => {
    levels[i].value = value;
    fillRegionPicker(selects, provinceLabel);
  });
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
  for (const summary of document.querySelectorAll('.form-errors')) {
    summary.hidden = true;
    summary.replaceChildren();
  }
  for (const message of document.querySelectorAll('.field-error')) message.remove();
  for (const control of document.querySelectorAll('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
    const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error')).join(' ');
    if (described) control.setAttribute('aria-describedby', described);
    else control.removeAttribute('aria-describedby');
  }
}

/** Puts a field's message under it, marks its control invalid and says which message describes it. */
function markField(form, field, message) {
  const container = form?.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (!container) return null;
  const control = container.matches('input, select, textarea') ? container : container.querySelector('input, select, textarea, button');
  const id = `${container.id || field.replace(/\W/g, '-')}-error`;
  let note = document.getElementById(id);
  if (!note) {
    note = document.createElement('p');
    note.id = id;
    note.className = 'field-error';
    (container.matches('input, select, textarea') ? container.parentElement : container).append(note);
  }
  note.textContent = note.textContent ? `${note.textContent}；${message}` : message;
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    described.add(id);
    control.setAttribute('aria-describedby', [...described].join(' '));
  }
  return control;
}

/**
 * Shows a failure: for a form, each field's message beside the field, a summary at the top of the
 * form brought into view, and the focus on the first field named; otherwise the page's error box.
 */
export function showError(error, form = null) {
  const problem = error instanceof ApiError ? error.problem : null;
  const described = error instanceof ApiError ? describeProblem(error.status, problem, known) : null;
  const title = document.createElement('p');
  title.textContent = described ? described.title : t('networkError');
  const parts = [title];
  let first = null;
  if (described?.errors.length) {
    const list = document.createElement('ul');
    for (const fieldError of described.errors) {
      const item = document.createElement('li');
      item.textContent = fieldError.summary;
      list.append(item);
      // The field exactly as the API names it (contacts[1].mobile) where the form has it, else its list (contacts[1].channels), else its kind.
      const control = markField(form, fieldError.path, fieldError.message)
        ?? markField(form, fieldError.path.replace(/\[\d+\]$/, ''), fieldError.message)
        ?? markField(form, fieldError.field, fieldError.message);
      first ??= control;
    }
    parts.push(list);
  }
  const summary = form?.querySelector('.form-errors');
  const box = summary ?? $('#error');
  box.replaceChildren(...parts);
  box.hidden = false;
  $('#status').textContent = '';
  if (summary) {
    summary.scrollIntoView({ block: 'start' });
    (first ?? summary).focus({ preventScroll: true });
  }
}

/**
 * Asks before an action that reaches many people or cannot be undone, in the page's own dialog
 * (modal, so the keyboard stays in it; Escape cancels). The focus starts on 取消 and returns to
 * where it was. Resolves true only for the confirming button.
 */
export function confirmAction({ title, text, action }) {
  const dialog = $('#confirm');
  const returnTo = document.activeElement;
  $('#confirm-title').textContent = title;
  $('#confirm-text').textContent = text;
  $('#confirm-ok').textContent = action;
  return new Promise((resolve) => {
    const close = (answer) => {
      $('#confirm-ok').removeEventListener('click', ok);
      $('#confirm-cancel').removeEventListener('click', cancel);
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
      returnTo?.focus?.();
      resolve(answer);
    };
    const ok = () => close(true);
    const cancel = (event) => { event?.preventDefault(); close(false); };
    $('#confirm-ok').addEventListener('click', ok);
    $('#confirm-cancel').addEventListener('click', cancel);
    dialog.addEventListener('cancel', cancel);
    dialog.showModal();
    $('#confirm-cancel').focus();
  });
}

/** Refuses a form before sending it, the way the API would: the same codes, shown the same way. */
export function refuse(form, errors) {
  clearError();
  showError(new ApiError(400, { code: 'ValidationFailed', errors }), form);
}

export async function run(button, progressKey, work, form = null) {
  // A refresh nobody asked for (a poll: no button, no progress) leaves the messages on screen.
  if (button || progressKey) clearError();
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
    showError(error, form);
  } finally {
    if (button) button.disabled = false;
  }
}
