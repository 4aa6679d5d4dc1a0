// The console: sign-in, the analyst's submit form with its audience preview, the warnings list
// and a warning's detail with live delivery progress; the operators' views are in operations.js.
// Text from the server only ever reaches the page through textContent, so a headline holding
// markup is shown as the characters it is.
import { api, session } from './api.js';
import { strings } from './strings.js';
import { $, ui, t, statusLabel, severityLabel, channelLabel, formatTime, seconds, cell, fillTable, announce, clearError, run } from './ui.js';
import { operations } from './operations.js';

const pollInterval = 2000;
const closedStatuses = new Set(['Completed', 'Cancelled', 'Expired', 'Rejected']);
const failedDeliveries = ['Failed', 'Undelivered'];

const state = { warnings: [], continuationToken: null, detail: null, deliveries: null, failures: [], rows: [], rowsToken: null, preview: null };
let idempotencyKey = newKey();
// The detail view on screen, keyed by the warning id its URL names. Every answer is dropped unless
// it was asked for by this same view, and every action takes its target from this key, so a slow
// answer for the warning shown before can never be drawn, or acted on, on another warning's page.
let detailView = null;

function applyLanguage() {
  document.documentElement.lang = ui.language;
  document.title = t('appTitle');
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-aria-label]')) element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  const other = ui.language === 'zh-CN' ? 'en' : 'zh-CN';
  const toggle = $('#language-toggle');
  toggle.textContent = strings[other].languageName;
  toggle.lang = other;
  renderSignIn();
  renderWarnings();
  renderDetail();
  renderPreview();
  operations.render();
}

// --- sign-in ----------------------------------------------------------------------------------
function renderSignIn() {
  const identity = session.identity;
  $('#sign-in-form').hidden = Boolean(identity);
  $('#signed-in').hidden = !identity;
  $('#signed-in-name').textContent = identity ? `${identity.name} (${identity.roles.join(', ')})` : '';
  // Operators' links and panels are hidden from other roles for tidiness; the API is what refuses them.
  const isOperator = Boolean(identity?.roles.some((role) => role === 'operator' || role === 'admin'));
  for (const element of document.querySelectorAll('[data-role="operator"]')) element.hidden = !isOperator;
}

// --- submit form and preview ------------------------------------------------------------------
function newKey() {
  // One key per filled-in form: sending it twice (a retry, a double click) creates one warning.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function readDraft() {
  const form = $('#warning-form');
  const value = (name) => form.elements[name].value.trim();
  const list = (name) => value(name).split(/[\s,，、]+/).filter(Boolean);
  const draft = {
    category: value('category'),
    headline: value('headline'),
    description: value('description'),
    severity: value('severity'),
    urgency: value('urgency'),
    certainty: value('certainty'),
    channels: [...form.querySelectorAll('input[name="channels"]:checked')].map((box) => box.value),
  };
  if (value('instruction')) draft.instruction = value('instruction');
  if (list('regions').length) draft.regions = list('regions');
  if (list('targets').length) draft.targets = list('targets');
  if (value('expiresAt')) draft.expiresAt = new Date(value('expiresAt')).toISOString();
  return draft;
}

function renderPreview() {
  const preview = state.preview;
  $('#preview').hidden = !preview;
  if (!preview) return;
  $('#preview-enterprises').textContent = String(preview.totalEnterprises);
  $('#preview-recipients').textContent = String(preview.totalRecipients);
  $('#preview-deferred').textContent = String(preview.deferredByQuietHours);
  fillTable('#preview-prefectures', preview.byPrefecture.map((p) => [p.name ? `${p.name} (${p.code})` : p.code, String(p.enterprises), String(p.recipients)]));
  fillTable('#preview-channels', Object.entries(preview.byChannel).map(([channel, count]) => [channelLabel(channel), String(count)]));
  fillTable('#preview-sample', preview.sample.map((r) => [r.uscc, channelLabel(r.channel), r.maskedAddress, r.reason]));
}

async function previewAudience() {
  await run($('#preview-button'), 'previewing', async () => {
    state.preview = await api.previewWarning(readDraft());
    renderPreview();
    announce('previewReady');
  });
}

async function sendWarning(event) {
  event.preventDefault();
  await run($('#send-button'), 'sending', async () => {
    const warning = await api.submitWarning(readDraft(), idempotencyKey);
    idempotencyKey = newKey();
    event.target.reset();
    state.preview = null;
    renderPreview();
    announce('sent');
    location.hash = `#/warnings/${encodeURIComponent(warning.id)}`;
  });
}

// --- warnings list ----------------------------------------------------------------------------
function renderWarnings() {
  const body = $('#warnings-table tbody');
  body.replaceChildren(...state.warnings.map((warning) => {
    const row = document.createElement('tr');
    const link = document.createElement('a');
    link.href = `#/warnings/${encodeURIComponent(warning.id)}`;
    link.textContent = warning.headline;
    cell(row, '').append(link);
    cell(row, warning.category);
    cell(row, severityLabel(warning.severity));
    cell(row, statusLabel(warning.status));
    cell(row, formatTime(warning.acceptedAt));
    return row;
  }));
  $('#warnings-empty').hidden = state.warnings.length > 0;
  $('#more-warnings').hidden = !state.continuationToken;
}

async function loadWarnings(more = false) {
  await run(more ? $('#more-warnings') : $('#refresh-warnings'), 'loading', async () => {
    const page = await api.listWarnings({ continuationToken: more ? state.continuationToken : undefined });
    state.warnings = more ? [...state.warnings, ...page.items] : page.items;
    state.continuationToken = page.continuationToken ?? null;
    renderWarnings();
    announce('loaded', { count: state.warnings.length });
  });
}

// --- warning detail and live progress ---------------------------------------------------------
function renderDetail() {
  const warning = state.detail;
  if (!warning || warning.id !== detailView?.warningId) return;
  $('#detail-title').textContent = warning.headline;
  const fields = {
    status: statusLabel(warning.status),
    id: warning.id,
    category: warning.category,
    severity: severityLabel(warning.severity),
    description: warning.description,
    instruction: warning.instruction,
    regions: warning.regions.join(', '),
    targets: warning.targets.join(', '),
    channels: warning.channels.map(channelLabel).join(', '),
    accepted: formatTime(warning.acceptedAt),
    expires: formatTime(warning.expiresAt),
    retraction: warning.retractionReason,
  };
  for (const [name, text] of Object.entries(fields)) $(`#detail-${name}`).textContent = text ?? '';
  $('#retract-form').hidden = closedStatuses.has(warning.status);
  $('#retract-form').dataset.warningId = warning.id;
  renderProgress();
  renderRows();
}

function statusRows(groups, name = (key) => key) {
  return Object.entries(groups ?? {}).flatMap(([key, counts]) =>
    Object.entries(counts).map(([status, count]) => [name(key), status, String(count)]));
}

function renderProgress() {
  const summary = state.deliveries?.summary;
  $('#progress').hidden = !state.deliveries;
  if (!summary) return;
  // The server folds the statuses into progress, so the console and the overview count alike.
  const progress = summary.progress;
  const done = progress.total - progress.pending;
  const bar = $('#progress-bar');
  bar.max = Math.max(progress.total, 1);
  bar.value = done;
  const text = progress.total ? t('progressText', { done, total: progress.total, percent: progress.percentSettled }) : t('progressNone');
  // Rewritten only on change: the paragraph is a live region and would otherwise repeat itself.
  if ($('#progress-text').textContent !== text) $('#progress-text').textContent = text;
  $('#progress').dataset.percent = String(progress.percentSettled);
  $('#progress-succeeded').textContent = String(progress.succeeded);
  $('#progress-failed').textContent = String(progress.failed);
  $('#progress-pending').textContent = String(progress.pending);
  $('#progress-unknown').textContent = String(progress.unknown ?? 0);
  $('#progress-first').textContent = seconds(summary.secondsToFirstSent);
  $('#progress-last').textContent = seconds(summary.secondsToLastSent);
  fillTable('#progress-channels', statusRows(summary.byChannel, channelLabel));
  fillTable('#progress-prefectures', statusRows(summary.byPrefecture));
  fillTable('#progress-providers', statusRows(summary.byProvider));
  fillTable('#failures', state.failures.map((d) => [d.uscc, channelLabel(d.channel), d.address, d.status, d.reason]));
  $('#failures').hidden = state.failures.length === 0;
}

// --- a warning's delivery rows, filtered and paged (read on demand, not polled) -----------------
function renderRows() {
  $('#deliveries').hidden = !state.detail;
  fillTable('#deliveries-table', state.rows.map((d) => [d.uscc, channelLabel(d.channel), d.address, d.status, d.provider, formatTime(d.sentAt), d.reason]));
  $('#more-deliveries').hidden = !state.rowsToken;
}

async function loadRows(more = false) {
  const view = detailView;
  if (!view) return;
  await run(more ? $('#more-deliveries') : $('#refresh-deliveries'), null, async () => {
    const page = await api.getDeliveries(view.warningId, {
      status: $('#deliveries-status').value || undefined,
      channel: $('#deliveries-channel').value || undefined,
      pageSize: 50,
      continuationToken: more ? state.rowsToken : undefined,
    });
    if (view !== detailView) return;
    state.rows = more ? [...state.rows, ...(page?.items ?? [])] : (page?.items ?? []);
    state.rowsToken = page?.continuationToken ?? null;
    renderRows();
  });
}

function failureCount(deliveries) {
  return failedDeliveries.reduce((sum, status) => sum + (deliveries?.summary?.byStatus?.[status] ?? 0), 0);
}

async function refreshDetail(view) {
  const warning = await api.getWarning(view.warningId);
  const deliveries = await api.getDeliveries(view.warningId, { pageSize: 1 });
  let failures = state.failures;
  if (deliveries && failureCount(deliveries) !== failureCount(view === detailView ? state.deliveries : null)) {
    const pages = await Promise.all(failedDeliveries.map((status) => api.getDeliveries(view.warningId, { status, pageSize: 20 })));
    failures = pages.flatMap((page) => page?.items ?? []);
  }
  if (view !== detailView) return false;
  state.detail = warning;
  state.deliveries = deliveries;
  state.failures = failures;
  renderDetail();
  const finished = closedStatuses.has(warning.status) && (!deliveries?.summary || deliveries.summary.progress.pending === 0);
  return !finished;
}

function closeDetail() {
  detailView = null;
}

async function openDetail(warningId) {
  const view = { warningId };
  detailView = view;
  state.detail = null;
  state.deliveries = null;
  state.failures = [];
  state.rows = [];
  state.rowsToken = null;
  $('#detail-title').textContent = '';
  $('#progress').hidden = true;
  $('#deliveries').hidden = true;
  $('#retract-form').hidden = true;
  delete $('#retract-form').dataset.warningId;
  // Polled with a timer set after each answer, so a slow server never has two reads in flight;
  // a view that is no longer on screen sets no further timer.
  const tick = async () => {
    let again = false;
    await run(null, null, async () => { again = await refreshDetail(view); });
    if (again && view === detailView) setTimeout(tick, pollInterval);
  };
  await tick();
  await loadRows();
}

async function retractWarning(event) {
  event.preventDefault();
  const view = detailView;
  // The form names the warning it was drawn for; it must be the one this page's URL names.
  if (!view || event.target.dataset.warningId !== view.warningId) return;
  await run($('#retract-button'), 'retracting', async () => {
    const retracted = await api.retractWarning(view.warningId, event.target.elements.reason.value.trim());
    if (view !== detailView) return;
    state.detail = retracted;
    event.target.reset();
    renderDetail();
    announce('retracted');
    openDetail(view.warningId);
  });
}

// --- routing ----------------------------------------------------------------------------------
function route(moveFocus) {
  const hash = location.hash || '#/submit';
  const detail = /^#\/warnings\/(.+)$/.exec(hash);
  const views = { '#/warnings': 'warnings', '#/overview': 'overview', '#/deadletters': 'deadletters' };
  const view = detail ? 'detail' : views[hash] ?? 'submit';
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll('.bar nav a')) {
    if (link.getAttribute('href') === (detail ? '#/warnings' : `#/${view}`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view !== 'detail') closeDetail();
  operations.show(view);
  if (view === 'warnings') loadWarnings();
  if (detail) openDetail(decodeURIComponent(detail[1]));
  if (moveFocus) $('#main').focus();
}

// --- wiring -----------------------------------------------------------------------------------
$('#language-toggle').addEventListener('click', () => {
  ui.toggleLanguage();
  applyLanguage();
});

$('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('#token-input');
  if (!input.value.trim()) return;
  session.signIn(input.value);
  input.value = '';
  renderSignIn();
  clearError();
  announce('signedIn');
  route(true);
});

$('#sign-out').addEventListener('click', () => {
  session.signOut();
  closeDetail();
  operations.show(null);
  renderSignIn();
  announce('signedOut');
  $('#token-input').focus();
});

$('#preview-button').addEventListener('click', previewAudience);
$('#warning-form').addEventListener('submit', sendWarning);
$('#refresh-warnings').addEventListener('click', () => loadWarnings());
$('#more-warnings').addEventListener('click', () => loadWarnings(true));
$('#retract-form').addEventListener('submit', retractWarning);
$('#refresh-deliveries').addEventListener('click', () => loadRows());
$('#more-deliveries').addEventListener('click', () => loadRows(true));
$('#deliveries-status').addEventListener('change', () => loadRows());
$('#deliveries-channel').addEventListener('change', () => loadRows());
window.addEventListener('hashchange', () => route(true));

applyLanguage();
route(false);
