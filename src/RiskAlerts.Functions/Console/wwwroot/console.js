// The console: sign-in, the analyst's submit form with its audience preview, the warnings list
// and a warning's detail with live delivery progress; the operators' views are in operations.js.
// Text from the server only ever reaches the page through textContent, so a headline holding
// markup is shown as the characters it is.
import { api, session } from './api.js';
import { strings } from './strings.js';
import { $, ui, t, statusLabel, deliveryStatusLabel, roleLabel, severityLabel, channelLabel, formatTime, seconds, cell, warningCell, fillTable, fillSelect, fillRegionPicker, announce, clearError, run, label, confirmAction, refuse } from './ui.js';
import { catalog } from './catalog.js';
import { operations } from './operations.js';
import { enterprises } from './enterprises.js';
import { timelineSeries, polylines, drawChart } from './chart.js';
import { audit } from './audit.js';
import { ViewTracker, routeOf, mayUse, keepsPolling, closedStatuses, draftFromForm, sendConfirmation, retractConfirmation, enterpriseLabel, warningFilterOf, warningFilterHash, followUpRequest, mayIssue, mayDecide, decisionRequest, approvalConfirmation, acknowledgementRows, acknowledgementCounts, withAcknowledgements, landingFor } from './state.js';

const pollInterval = 2000;
// Acknowledgements keep coming after the deliveries settled and their polling stopped; they are one
// partition read, followed at this slower pace while the page is open.
const acknowledgementInterval = 5000;
const failedDeliveries = ['Failed', 'Undelivered'];

const state = { warnings: [], continuationToken: null, detail: null, deliveries: null, failures: [], rows: [], rowsToken: null, audience: null, preview: null, regions: [] };
let idempotencyKey = newKey();
// The view on screen, keyed by what its URL names (the warning id of a detail). Every answer is
// dropped unless it was asked for by this same view, and every action takes its target from this
// key, so a slow answer for the warning shown before can never be drawn, or acted on, on another
// warning's page.
const views = new ViewTracker();
const detailView = () => (views.current?.view === 'detail' ? views.current : null);

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
  renderCatalog();
  renderWarnings();
  renderDetail();
  renderPreview();
  operations.render();
  enterprises.render();
  audit.render();
}

// --- the catalogue: categories, the region picker, the API's limits -----------------------------
const warningRegionPicker = () => ({ province: $('#region-province'), prefecture: $('#region-prefecture'), county: $('#region-county') });

function renderCatalog() {
  fillSelect($('#f-category'), catalog.categories.map((c) => [c.id, c.name]));
  renderRegionChoices();
  // The form's bounds are the API's own, so the form never takes what the API would refuse.
  for (const control of document.querySelectorAll('[data-limit]')) {
    const limit = catalog.limits[control.dataset.limit];
    if (limit) control.maxLength = limit;
  }
  for (const control of document.querySelectorAll('[data-limit-max]')) {
    const limit = catalog.limits[control.dataset.limitMax];
    if (limit) control.max = String(limit);
  }
  enterprises.renderCatalog();
  if (warningsView()) showWarningFilters(warningFilterOf(warningsView().key));
  else renderWarningFilters();
}

function renderRegionChoices() {
  fillRegionPicker(warningRegionPicker());
  renderChosenRegions();
}

function renderChosenRegions() {
  $('#regions-chosen').replaceChildren(...state.regions.map((code) => {
    const item = document.createElement('li');
    item.dataset.region = code;
    const name = document.createElement('span');
    name.textContent = catalog.regionName(code);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip-remove';
    remove.textContent = '×';
    remove.setAttribute('aria-label', t('regionRemove', { name: catalog.regionName(code) }));
    remove.addEventListener('click', () => {
      state.regions = state.regions.filter((c) => c !== code);
      renderChosenRegions();
      $('#region-add').focus();
    });
    item.append(name, remove);
    return item;
  }));
  $('#regions-none').hidden = state.regions.length > 0;
}

function addRegion() {
  const code = fillRegionPicker(warningRegionPicker());
  if (!code) {
    $('#region-province').focus();
    return;
  }
  if (!state.regions.includes(code)) state.regions = [...state.regions, code];
  renderChosenRegions();
  announce('regionAdded', { name: catalog.regionName(code) });
}

async function loadCatalog() {
  try {
    await catalog.load();
    applyLanguage();
  } catch {
    announce('catalogError');
  }
}

// --- sign-in ----------------------------------------------------------------------------------
function renderSignIn() {
  const identity = session.identity;
  $('#sign-in-form').hidden = Boolean(identity);
  $('#signed-in').hidden = !identity;
  $('#signed-in-name').textContent = identity ? `${identity.name}（${identity.roles.map(roleLabel).join('、')}）` : '';
  // Views and panels are shown only to the roles that may use them; the API is still what refuses.
  const isOperator = Boolean(identity?.roles.some((role) => role === 'operator' || role === 'admin'));
  for (const element of document.querySelectorAll('[data-role="operator"]')) element.hidden = !isOperator;
  for (const link of document.querySelectorAll('.bar nav a[data-view]')) link.hidden = !mayUse(link.dataset.view, identity?.roles);
}

// --- submit form and preview ------------------------------------------------------------------
function newKey() {
  // One key per filled-in form: sending it twice (a retry, a double click) creates one warning.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function readDraft() {
  const form = $('#warning-form');
  const values = Object.fromEntries(['category', 'headline', 'description', 'instruction', 'severity', 'urgency', 'certainty', 'targets', 'expiresAt']
    .map((name) => [name, form.elements[name].value]));
  values.regions = state.regions;
  values.channels = [...form.querySelectorAll('input[name="channels"]:checked')].map((box) => box.value);
  return draftFromForm(values);
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
  fillTable('#preview-sample', preview.sample.map((r) => [enterpriseLabel(r), channelLabel(r.channel), r.maskedAddress, label('match.', r.reason)]));
}

async function previewAudience() {
  await run($('#preview-button'), 'previewing', async () => {
    state.preview = await api.previewWarning(readDraft());
    renderPreview();
    announce('previewReady');
  }, $('#warning-form'));
}

async function sendWarning(event) {
  event.preventDefault();
  await run($('#send-button'), 'previewing', async () => {
    // The audience is counted again just before asking, so the numbers confirmed are the ones sent to.
    const draft = readDraft();
    state.preview = await api.previewWarning(draft);
    renderPreview();
    const confirmed = await confirmAction({
      title: t('confirmSendTitle'),
      text: t('confirmSendText', sendConfirmation(draft, state.preview, (code) => catalog.regionName(code), t('confirmSendTargets'))),
      action: t('confirmSend'),
    });
    if (!confirmed) {
      announce('cancelled');
      return;
    }
    announce('sending');
    const warning = await api.submitWarning(draft, idempotencyKey);
    idempotencyKey = newKey();
    event.target.reset();
    state.regions = [];
    renderCatalog();
    state.preview = null;
    renderPreview();
    announce('sent');
    location.hash = `#/warnings/${encodeURIComponent(warning.id)}`;
  }, event.target);
}

// --- warnings list ----------------------------------------------------------------------------
function renderWarnings() {
  const body = $('#warnings-table tbody');
  body.replaceChildren(...state.warnings.map((warning) => {
    const row = document.createElement('tr');
    warningCell(row, warning.id, warning.headline);
    cell(row, catalog.categoryName(warning.category));
    cell(row, severityLabel(warning.severity));
    cell(row, statusLabel(warning.status));
    cell(row, formatTime(warning.acceptedAt));
    return row;
  }));
  $('#warnings-empty').hidden = state.warnings.length > 0;
  $('#more-warnings').hidden = !state.continuationToken;
}

const warningsView = () => (views.current?.view === 'warnings' ? views.current : null);
const warningStatuses = ['PendingApproval', 'Accepted', 'Planned', 'Delivering', 'Completed', 'Cancelled', 'Expired', 'Rejected'];
const severities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];

/** The filter form's choices, in the page's language, and the filters the address names. */
function renderWarningFilters() {
  fillSelect($('#wf-status'), [['', t('filterAll')], ...warningStatuses.map((status) => [status, statusLabel(status)])]);
  fillSelect($('#wf-severity'), [['', t('filterAll')], ...severities.map((severity) => [severity, severityLabel(severity)])]);
  fillSelect($('#wf-category'), [['', t('filterAll')], ...catalog.categories.map((c) => [c.id, c.name])]);
}

function showWarningFilters(criteria) {
  renderWarningFilters();
  const form = $('#warnings-filter');
  for (const name of ['status', 'severity', 'category', 'q']) form.elements[name].value = criteria[name];
}

async function loadWarnings(more = false) {
  const view = warningsView();
  if (!view) return;
  await run(more ? $('#more-warnings') : $('#refresh-warnings'), 'loading', async () => {
    const page = await api.listWarnings({ ...warningFilterOf(view.key), continuationToken: more ? state.continuationToken : undefined });
    if (!views.isCurrent(view)) return;
    state.warnings = more ? [...state.warnings, ...page.items] : page.items;
    state.continuationToken = page.continuationToken ?? null;
    renderWarnings();
    announce('loaded', { count: state.warnings.length });
  }, $('#warnings-filter'));
}

function openWarnings(view) {
  state.warnings = [];
  state.continuationToken = null;
  renderWarnings();
  showWarningFilters(warningFilterOf(view.key));
  loadWarnings();
}

/** The address is the filter: a new one opens the list for it; the same one reads it again. */
function filterWarnings(event) {
  event.preventDefault();
  const form = event.target;
  const hash = warningFilterHash(Object.fromEntries(['status', 'severity', 'category', 'q'].map((name) => [name, form.elements[name].value])));
  if (routeOf(hash).key === (warningsView()?.key ?? null)) loadWarnings();
  else location.hash = hash;
}

// --- warning detail and live progress ---------------------------------------------------------
function renderDetail() {
  const warning = state.detail;
  if (!warning || warning.id !== detailView()?.key) return;
  $('#detail-title').textContent = warning.headline;
  const fields = {
    status: statusLabel(warning.status),
    id: warning.id,
    category: catalog.categoryName(warning.category),
    severity: severityLabel(warning.severity),
    description: warning.description,
    instruction: warning.instruction,
    regions: warning.regions.map((code) => catalog.regionName(code)).join('、'),
    targets: warning.targets.join(', '),
    channels: warning.channels.map(channelLabel).join('、'),
    accepted: formatTime(warning.acceptedAt),
    expires: formatTime(warning.expiresAt),
    retraction: warning.retractionReason,
  };
  for (const [name, text] of Object.entries(fields)) $(`#detail-${name}`).textContent = text ?? '';
  const issues = mayIssue(session.identity?.roles);
  $('#retract-form').hidden = !issues || closedStatuses.has(warning.status);
  $('#retract-form').dataset.warningId = warning.id;
  // A warning still waiting for approval has reached nobody: it is retracted, not corrected.
  $('#follow-up-form').hidden = !issues || closedStatuses.has(warning.status) || warning.status === 'PendingApproval';
  $('#follow-up-form').dataset.warningId = warning.id;
  $('#approval-form').hidden = !mayDecide(warning, session.identity?.roles);
  $('#approval-form').dataset.warningId = warning.id;
  renderAudience();
  renderProgress();
  renderRows();
}

/** Who the approver releases the warning to: the same audience preview the analyst saw, read again now. */
function renderAudience() {
  const audience = state.audience;
  $('#approval-audience').textContent = audience ? t('approvalAudience', approvalConfirmation(state.detail, audience)) : '';
}

async function loadAudience(view) {
  await run(null, null, async () => {
    const audience = await api.getWarningAudience(view.key);
    if (!views.isCurrent(view)) return;
    state.audience = audience;
    renderAudience();
  });
}

function statusRows(groups, name = (key) => key) {
  return Object.entries(groups ?? {}).flatMap(([key, counts]) =>
    Object.entries(counts).map(([status, count]) => [name(key), deliveryStatusLabel(status), String(count)]));
}

const prefectureLabel = (code) => (catalog.region(code) ? `${catalog.regionName(code)}（${code}）` : code);

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
  fillTable('#progress-prefectures', statusRows(summary.byPrefecture, prefectureLabel));
  fillTable('#progress-providers', statusRows(summary.byProvider));
  fillTable('#failures', state.failures.map((d) => [enterpriseLabel(d), channelLabel(d.channel), d.address, deliveryStatusLabel(d.status), d.reason]));
  $('#failures').hidden = state.failures.length === 0;
  renderChart(summary.timeline);
  renderAcknowledgements(state.deliveries.acknowledgements);
}

const decimal = (n) => (Math.round(n * 10) / 10).toString();

/** Messages per second and in all, per channel, from the acceptance to the last message sent. */
function renderChart(timeline) {
  const series = timelineSeries(timeline);
  $('#delivery-chart').hidden = series.length === 0;
  if (series.length === 0) return;
  const end = decimal(polylines(series, 'total').endSeconds);
  drawChart($('#chart-rate'), series, 'perSecond', t('chartRateLabel', { end }));
  drawChart($('#chart-total'), series, 'total', t('chartTotalLabel', { end }));
  $('#chart-legend').replaceChildren(...series.map((s) => {
    const item = document.createElement('span');
    item.className = `legend-${s.channel}`;
    item.textContent = channelLabel(s.channel);
    return item;
  }));
  const channels = series.map((s) => t('chartChannel', { channel: channelLabel(s.channel), peak: decimal(s.peakPerSecond), total: s.total })).join(ui.language === 'zh-CN' ? '；' : '; ');
  const text = t('chartSummary', { channels, start: decimal(timeline.secondsFromAcceptance ?? 0), bucket: timeline.bucketSeconds });
  if ($('#chart-summary').textContent !== text) $('#chart-summary').textContent = text;
}

/** Who confirmed reading the warning, and the first of those who did not yet. */
function renderAcknowledgements(acknowledgements) {
  $('#acknowledgements').hidden = !acknowledgements;
  if (!acknowledgements) return;
  const counts = acknowledgementCounts(acknowledgements);
  const text = t('acknowledgementsSummary', counts);
  if ($('#acknowledgements-summary').textContent !== text) $('#acknowledgements-summary').textContent = text;
  fillTable('#acknowledgements-table', acknowledgementRows(acknowledgements).map((a) => [a.uscc, formatTime(a.at), channelLabel(a.channel), String(a.contacts)]));
  $('#acknowledgements-table').hidden = counts.acknowledged === 0;
  const list = counts.listed.join('、');
  $('#not-acknowledged').textContent = counts.waiting === 0 ? ''
    : counts.listed.length < counts.waiting ? t('notAcknowledgedMore', { shown: counts.listed.length, count: counts.waiting, list })
    : t('notAcknowledged', { list });
}

/** Reads the acknowledgements again: they keep coming after the deliveries settled and polling stopped. */
async function refreshAcknowledgements() {
  const view = detailView();
  if (!view) return;
  await run($('#refresh-acknowledgements'), null, async () => {
    const deliveries = await api.getDeliveries(view.key, { pageSize: 1 });
    if (!views.isCurrent(view) || !deliveries) return;
    state.deliveries = deliveries;
    renderProgress();
  });
}

/** Saves the warning's evidence as the CSV the API streams. */
async function exportEvidence() {
  const view = detailView();
  if (!view) return;
  await run($('#export-evidence'), 'exporting', async () => {
    const { blob, name } = await api.downloadEvidence(view.key);
    if (!views.isCurrent(view)) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    announce('exported');
  });
}

// --- a warning's delivery rows, filtered and paged (read on demand, not polled) -----------------
function renderRows() {
  $('#deliveries').hidden = !state.detail;
  fillTable('#deliveries-table', state.rows.map((d) => [enterpriseLabel(d), channelLabel(d.channel), d.address, deliveryStatusLabel(d.status), d.provider, formatTime(d.sentAt), d.reason]));
  $('#more-deliveries').hidden = !state.rowsToken;
}

// Each read of the rows is numbered: a poll that left before the user changed a filter may answer
// after the read that filter started, and only the newest read may draw the table.
let rowsRead = 0;

async function loadRows(more = false, polled = false) {
  const view = detailView();
  if (!view) return;
  const read = ++rowsRead;
  await run(polled ? null : more ? $('#more-deliveries') : $('#refresh-deliveries'), null, async () => {
    const page = await api.getDeliveries(view.key, {
      status: $('#deliveries-status').value || undefined,
      channel: $('#deliveries-channel').value || undefined,
      pageSize: 50,
      continuationToken: more ? state.rowsToken : undefined,
    });
    if (!views.isCurrent(view) || read !== rowsRead) return;
    state.rows = more ? [...state.rows, ...(page?.items ?? [])] : (page?.items ?? []);
    state.rowsPaged = more;
    state.rowsToken = page?.continuationToken ?? null;
    renderRows();
  });
}

function failureCount(deliveries) {
  return failedDeliveries.reduce((sum, status) => sum + (deliveries?.summary?.byStatus?.[status] ?? 0), 0);
}

async function refreshDetail(view) {
  const warning = await api.getWarning(view.key);
  const deliveries = await api.getDeliveries(view.key, { pageSize: 1 });
  let failures = state.failures;
  if (deliveries && failureCount(deliveries) !== failureCount(views.isCurrent(view) ? state.deliveries : null)) {
    const pages = await Promise.all(failedDeliveries.map((status) => api.getDeliveries(view.key, { status, pageSize: 20 })));
    failures = pages.flatMap((page) => page?.items ?? []);
  }
  if (!views.isCurrent(view)) return false;
  const firstWaiting = mayDecide(warning, session.identity?.roles) && !state.audience;
  state.detail = warning;
  state.deliveries = deliveries;
  state.failures = failures;
  renderDetail();
  if (firstWaiting) loadAudience(view);
  return keepsPolling(warning, deliveries);
}

async function openDetail(view) {
  state.detail = null;
  state.deliveries = null;
  state.failures = [];
  state.rows = [];
  state.rowsToken = null;
  state.rowsPaged = false;
  state.audience = null;
  $('#detail-title').textContent = '';
  $('#progress').hidden = true;
  $('#acknowledgements').hidden = true;
  $('#deliveries').hidden = true;
  $('#retract-form').hidden = true;
  delete $('#retract-form').dataset.warningId;
  $('#follow-up-form').hidden = true;
  delete $('#follow-up-form').dataset.warningId;
  $('#approval-form').hidden = true;
  delete $('#approval-form').dataset.warningId;
  $('#approval-audience').textContent = '';
  // Polled with a timer set after each answer, so a slow server never has two reads in flight;
  // a view that is no longer on screen sets no further timer.
  const tick = async () => {
    let again = false;
    await run(null, null, async () => { again = await refreshDetail(view); });
    // The rows on screen follow the delivery too (their first page, as filtered); rows the user
    // paged in with 加载更多 stay as read until 刷新, so the list never jumps under the reader.
    if (views.isCurrent(view) && !state.rowsPaged) await loadRows(false, true);
    if (again && views.isCurrent(view)) setTimeout(tick, pollInterval);
  };
  await tick();
  followAcknowledgements(view);
}

/** Reads who acknowledged, alone, every few seconds while the warning's page stays open. */
function followAcknowledgements(view) {
  const next = async () => {
    if (!views.isCurrent(view)) return;
    if (state.deliveries?.acknowledgements) {
      await run(null, null, async () => {
        const list = await api.getAcknowledgements(view.key);
        if (!views.isCurrent(view) || !state.deliveries?.acknowledgements) return;
        state.deliveries = { ...state.deliveries, acknowledgements: withAcknowledgements(state.deliveries.acknowledgements, list) };
        renderAcknowledgements(state.deliveries.acknowledgements);
      });
    }
    if (views.isCurrent(view)) setTimeout(next, acknowledgementInterval);
  };
  setTimeout(next, acknowledgementInterval);
}

async function retractWarning(event) {
  event.preventDefault();
  const view = views.current;
  // The form names the warning it was drawn for; it must be the one this page's URL names.
  const warningId = views.actionTarget(view, event.target.dataset.warningId);
  if (!warningId) return;
  await run($('#retract-button'), null, async () => {
    const confirmed = await confirmAction({
      title: t('confirmRetractTitle'),
      text: t('confirmRetractText', retractConfirmation(state.detail, state.deliveries)),
      action: t('confirmRetract'),
    });
    // The view may have changed while the dialog was open: act only on the warning still on screen.
    if (!confirmed || !views.isCurrent(view)) {
      announce('cancelled');
      return;
    }
    announce('retracting');
    const retracted = await api.retractWarning(warningId, event.target.elements.reason.value.trim());
    if (!views.isCurrent(view)) return;
    state.detail = retracted;
    event.target.reset();
    renderDetail();
    announce('retracted');
    openDetail(views.open('detail', warningId));
  }, event.target);
}

async function decideWarning(event) {
  event.preventDefault();
  const view = views.current;
  // Like 撤回: the form names the warning it was drawn for, which must be the one the URL names.
  const warningId = views.actionTarget(view, event.target.dataset.warningId);
  if (!warningId) return;
  const form = event.target;
  const request = decisionRequest(event.submitter?.value, form.elements.reason.value);
  if (!request) {
    refuse(form, [{ field: 'reason', code: 'Required' }]);
    return;
  }
  const approve = request.decision === 'approve';
  await run(approve ? $('#approve-button') : $('#reject-button'), null, async () => {
    const confirmed = await confirmAction({
      title: t(approve ? 'confirmApproveTitle' : 'confirmRejectTitle'),
      text: t(approve ? 'confirmApproveText' : 'confirmRejectText', approvalConfirmation(state.detail, state.audience)),
      action: t(approve ? 'confirmApprove' : 'confirmReject'),
    });
    if (!confirmed || !views.isCurrent(view)) {
      announce('cancelled');
      return;
    }
    announce('deciding');
    const decided = approve ? await api.approveWarning(warningId, request.reason) : await api.rejectWarning(warningId, request.reason);
    if (!views.isCurrent(view)) return;
    form.reset();
    state.detail = decided;
    renderDetail();
    announce(approve ? 'approved' : 'rejected');
    // Approved, it is planned and sent: the page follows its deliveries from here.
    openDetail(views.open('detail', warningId));
  }, form);
}

async function followUpWarning(event) {
  event.preventDefault();
  const view = views.current;
  // Like 撤回: the form names the warning it was drawn for, which must be the one the URL names.
  const warningId = views.actionTarget(view, event.target.dataset.warningId);
  if (!warningId) return;
  const form = event.target;
  const request = followUpRequest(form.elements.kind.value, {
    headline: form.elements.headline.value,
    description: form.elements.description.value,
    reason: form.elements.reason.value,
  });
  await run($('#follow-up-button'), null, async () => {
    if (!request) {
      form.elements[form.elements.kind.value === 'cancel' ? 'reason' : 'headline'].focus();
      return;
    }

    const cancel = request.kind === 'cancel';
    const confirmed = await confirmAction({
      title: t(cancel ? 'confirmCancelTitle' : 'confirmCorrectTitle'),
      text: t(cancel ? 'confirmCancelText' : 'confirmCorrectText', retractConfirmation(state.detail, state.deliveries)),
      action: t('confirmFollowUp'),
    });
    if (!confirmed || !views.isCurrent(view)) {
      announce('cancelled');
      return;
    }
    announce('followingUp');
    // One key per confirmed issue: a retry of the same request after a lost answer is the same follow-up.
    const key = crypto.randomUUID();
    const followUp = cancel
      ? await api.cancelWarning(warningId, request.body.reason, key)
      : await api.updateWarning(warningId, request.body, key);
    if (!views.isCurrent(view)) return;
    form.reset();
    announce('followedUp');
    // Its progress is its own detail page: the deliveries of the correction or cancellation.
    location.hash = `#/warnings/${encodeURIComponent(followUp.id)}`;
  }, form);
}

// --- deliveries to one address (operators; every lookup is audited by the API) ------------------
function renderLookup(result, days) {
  $('#lookup-summary').textContent = t('lookupSummary', { address: result.address, days, searched: result.warningsSearched, count: result.items.length });
  $('#lookup-table tbody').replaceChildren(...result.items.map((item) => {
    const row = document.createElement('tr');
    warningCell(row, item.warningId, item.headline);
    cell(row, formatTime(item.acceptedAt));
    cell(row, channelLabel(item.delivery.channel));
    cell(row, item.delivery.address);
    cell(row, deliveryStatusLabel(item.delivery.status));
    cell(row, enterpriseLabel(item.delivery));
    return row;
  }));
}

const lookupView = () => (views.current?.view === 'lookup' ? views.current : null);

/**
 * The lookup the form asks for: an address typed in, or, on a contact's own address
 * (#/lookup/{uscc}/{contact}/{channel}) with none typed, that contact, whose address the API finds.
 */
async function lookupAddress(event) {
  event?.preventDefault();
  const view = lookupView();
  const form = $('#lookup-form');
  const phone = form.elements.phone.value.trim();
  const email = form.elements.email.value.trim();
  const days = Number(form.elements.days.value || 7);
  const contact = !phone && !email && view?.key ? view.key : null;
  await run($('#lookup-button'), 'lookingUp', async () => {
    const result = await api.lookupDeliveries({ ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(contact ? { contact } : {}), days });
    if (!views.isCurrent(view)) return;
    renderLookup(result, days);
    announce('lookupDone');
  }, form);
}

/** Opens the lookup view; for a contact, says whose deliveries they are and looks them up. */
async function openLookup(view) {
  $('#lookup-summary').textContent = '';
  $('#lookup-table tbody').replaceChildren();
  $('#lookup-contact').hidden = !view.key;
  $('#lookup-contact').textContent = '';
  if (!view.key) return;
  const { uscc, contactId, channel } = view.key;
  await run(null, null, async () => {
    const registration = await api.getEnterprise(uscc);
    if (!views.isCurrent(view)) return;
    const contact = registration.contacts.find((c) => c.id === contactId);
    $('#lookup-contact').textContent = t('lookupOfContact', { enterprise: registration.enterprise.name, name: contact?.name ?? '', channel: channelLabel(channel) });
  });
  if (views.isCurrent(view)) await lookupAddress();
}

// --- routing ----------------------------------------------------------------------------------
function route(moveFocus) {
  const { view: named, key } = routeOf(location.hash || '#/submit');
  const view = mayUse(named, session.identity?.roles) ? named : 'forbidden';
  // The enterprise's own page is its enterprise page, keyed by the code its token carries.
  const token = views.open(view, view === 'own' ? session.identity?.uscc ?? null : key);
  const shown = view === 'own' ? 'enterprise' : view;
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${shown}`;
  const links = [...document.querySelectorAll('.bar nav a')];
  const section = { detail: 'warnings', enterprise: 'enterprises' }[view] ?? view;
  // The link naming exactly this address (the approvals queue) is current rather than its section's.
  const current = links.find((link) => link.getAttribute('href') === location.hash) ?? links.find((link) => link.getAttribute('href') === `#/${section}`);
  for (const link of links) {
    if (link === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  operations.show(view);
  enterprises.show(token, views);
  audit.show(token, views);
  if (view === 'warnings') openWarnings(token);
  if (view === 'detail') openDetail(token);
  if (view === 'lookup') openLookup(token);
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
  // The first page a role may use, unless the address names one it may.
  const roles = session.identity?.roles;
  const landing = landingFor(roles);
  if (!mayUse(routeOf(location.hash || '#/submit').view, roles) && landing) location.hash = landing;
  route(true);
});

$('#sign-out').addEventListener('click', () => {
  session.signOut();
  views.close();
  operations.show(null);
  renderSignIn();
  announce('signedOut');
  $('#token-input').focus();
});

$('#preview-button').addEventListener('click', previewAudience);
$('#lookup-form').addEventListener('submit', lookupAddress);
$('#region-province').addEventListener('change', renderRegionChoices);
$('#region-prefecture').addEventListener('change', renderRegionChoices);
$('#region-add').addEventListener('click', addRegion);
$('#warning-form').addEventListener('submit', sendWarning);
$('#warnings-filter').addEventListener('submit', filterWarnings);
$('#refresh-warnings').addEventListener('click', () => loadWarnings());
$('#more-warnings').addEventListener('click', () => loadWarnings(true));
$('#retract-form').addEventListener('submit', retractWarning);
$('#follow-up-form').addEventListener('submit', followUpWarning);
$('#approval-form').addEventListener('submit', decideWarning);
$('#refresh-acknowledgements').addEventListener('click', refreshAcknowledgements);
$('#export-evidence').addEventListener('click', exportEvidence);
$('#refresh-deliveries').addEventListener('click', () => loadRows());
$('#more-deliveries').addEventListener('click', () => loadRows(true));
$('#deliveries-status').addEventListener('change', () => loadRows());
$('#deliveries-channel').addEventListener('change', () => loadRows());
window.addEventListener('hashchange', () => route(true));

applyLanguage();
route(false);
loadCatalog();
