// The operators' audit trail (operators and admins): what was paused, resumed, replayed, discarded
// and looked up, by whom and why, one UTC day at a time, newest first. The day is in the address
// (#/audit?day=…); answers are drawn only for the view that asked for them (the console's ViewTracker).
import { api } from './api.js';
import { $, t, known, formatTime, channelLabel, entityLabel, cell, announce, run } from './ui.js';
import { auditFilterOf, auditFilterHash, auditPage, nextAuditMax, auditTarget, auditDetail } from './state.js';

const state = { day: null, items: [], max: auditPage.first };
let views = null;

const actionLabel = (action) => known(`audit.${action}`) ?? t('auditOtherAction');

function targetLabel(action, target) {
  const named = auditTarget(action, target);
  if (named.kind === 'channel') return t('channelTarget', { channel: channelLabel(named.name) });
  if (named.kind === 'provider') return t('providerTarget', { provider: named.name });
  if (named.kind === 'deadletter') return t('auditDeadLetter', { entity: entityLabel(named.entity), sequence: named.sequence });
  if (named.kind === 'entity') return entityLabel(named.entity);
  return named.text;
}

function detailCell(row, entry) {
  const detail = auditDetail(entry.action, entry.detail);
  const element = cell(row, '');
  if (!detail) return;
  if (detail.reason !== undefined) {
    // What the operator wrote, shown as written.
    element.textContent = detail.reason;
    element.dataset.userText = '';
  } else if (detail.key && detail.values.contact !== undefined) {
    // A contact's id is what an admin named it (often a Latin word such as duty): shown as written.
    const marker = '\u0000';
    const [before, after] = t(detail.key, { ...detail.values, contact: marker }).split(marker);
    const contact = document.createElement('span');
    contact.textContent = detail.values.contact;
    contact.dataset.userText = '';
    element.replaceChildren(before, contact, after ?? '');
  } else if (detail.key) {
    element.textContent = t(detail.key, detail.values);
  } else {
    // An outcome this page has no words for: the API's own English, marked as such.
    element.textContent = detail.english;
    element.lang = 'en';
  }
}

function render() {
  $('#audit-table tbody').replaceChildren(...state.items.map((entry) => {
    const row = document.createElement('tr');
    row.dataset.action = entry.action;
    cell(row, formatTime(entry.at));
    cell(row, entry.actor).dataset.userText = '';
    cell(row, actionLabel(entry.action));
    cell(row, targetLabel(entry.action, entry.target));
    detailCell(row, entry);
    return row;
  }));
  $('#audit-empty').hidden = state.items.length > 0 || state.day === null;
  $('#audit-summary').textContent = state.day === null ? '' : t('auditSummary', { day: state.day, count: state.items.length });
  $('#more-audit').hidden = nextAuditMax(state.items.length, state.max) === null;
}

async function load(view, max, button) {
  const { day } = auditFilterOf(view.key);
  await run(button, 'loading', async () => {
    const trail = await api.getAuditTrail({ day: day || undefined, max });
    if (!views.isCurrent(view)) return;
    state.day = trail.day;
    state.items = trail.items;
    state.max = max;
    render();
    announce('auditLoaded', { count: state.items.length });
  }, $('#audit-filter'));
}

function open(view) {
  state.day = null;
  state.items = [];
  state.max = auditPage.first;
  $('#audit-filter').elements.day.value = auditFilterOf(view.key).day;
  render();
  load(view, auditPage.first, null);
}

/** The address is the filter: a new day opens the view for it; the same one reads it again. */
function submit(event) {
  event.preventDefault();
  const hash = auditFilterHash({ day: event.target.elements.day.value });
  if (hash === (location.hash || '#/audit')) open(views.open('audit', views.current?.key ?? ''));
  else location.hash = hash;
}

export const audit = {
  /** Called by the router with the view now open. */
  show(token, tracker) {
    views = tracker;
    if (token?.view === 'audit') open(token);
  },

  /** Re-renders in the current language. */
  render,
};

$('#audit-filter').addEventListener('submit', submit);
$('#more-audit').addEventListener('click', () => {
  const view = views?.current;
  const max = nextAuditMax(state.items.length, state.max);
  // The whole day is read again to the larger bound: the API pages a day by its size, not by a token.
  if (view?.view === 'audit' && max) load(view, max, $('#more-audit'));
});
