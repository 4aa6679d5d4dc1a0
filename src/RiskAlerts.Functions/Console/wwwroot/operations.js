// The operators' views: the overview of the last day (refreshed while it is open) with the
// channel and provider pauses, and the dead-letter queues with replay and discard. Analysts see
// the overview of their own warnings.
import { api } from './api.js';
import { $, t, statusLabel, channelLabel, entityLabel, deadLetterReasonLabel, formatTime, percent, seconds, cell, warningCell, fillTable, announce, refuse, run, confirmAction } from './ui.js';
import { successTrend, drawTrend } from './chart.js';

const refreshInterval = 3000;
const state = { view: null, overview: null, entity: 'sms', deadLetters: [] };
let timer = null;

// --- overview ---------------------------------------------------------------------------------
/** How the success rate went over the recent warnings, oldest first, with the numbers in words. */
function renderTrend(warnings) {
  const trend = successTrend(warnings);
  $('#success-trend').hidden = trend.length === 0;
  if (trend.length === 0) return;
  const rates = trend.map((p) => p.rate);
  const values = { count: trend.length, last: percent(rates.at(-1)), lowest: percent(Math.min(...rates)), highest: percent(Math.max(...rates)) };
  drawTrend($('#success-trend-chart'), trend, t('trendLabel', values));
  const text = t('trendSummary', values);
  if ($('#success-trend-summary').textContent !== text) $('#success-trend-summary').textContent = text;
}

function tallyRow(name, tally) {
  return [name, String(tally.total), String(tally.succeeded), String(tally.failed), String(tally.pending), percent(tally.successRate)];
}

function renderOverview() {
  const overview = state.overview;
  if (!overview) return;
  const summary = t('overviewSummary', { count: overview.warningsInWindow, shown: overview.warnings.length, at: formatTime(overview.at) });
  if ($('#overview-summary').textContent !== summary) $('#overview-summary').textContent = summary;

  $('#overview-warnings tbody').replaceChildren(...overview.warnings.map((warning) => {
    const row = document.createElement('tr');
    row.dataset.warningId = warning.id;
    warningCell(row, warning.id, warning.headline);
    cell(row, statusLabel(warning.status));
    if (warning.progress.total === 0) {
      // Nothing planned yet (or nobody matched): a bar at 0 % would say deliveries are stuck.
      cell(row, t('noDeliveriesYet'));
    } else {
      const bar = document.createElement('progress');
      bar.max = warning.progress.total;
      bar.value = warning.progress.total - warning.progress.pending;
      bar.setAttribute('aria-label', `${warning.progress.percentSettled}%`);
      const progress = cell(row, `${warning.progress.percentSettled}% `);
      progress.className = 'progress';
      progress.append(bar);
    }
    cell(row, String(warning.progress.succeeded));
    cell(row, String(warning.progress.failed));
    cell(row, String(warning.progress.pending));
    cell(row, seconds(warning.secondsToFirstSent));
    return row;
  }));
  renderTrend(overview.warnings);
  fillTable('#overview-channels', Object.entries(overview.byChannel).map(([channel, tally]) => tallyRow(channelLabel(channel), tally)));
  fillTable('#overview-providers', Object.entries(overview.byProvider).map(([provider, tally]) => tallyRow(provider, tally)));
  fillTable('#overview-backlog', (overview.backlog ?? []).map((b) => [entityLabel(b.entity), String(b.active), String(b.scheduled), String(b.deadLetter)]));
  // The server's reason is English and for the logs; the page says what it means.
  $('#overview-backlog-error').hidden = !overview.backlogError;
  $('#overview-backlog-error').textContent = overview.backlogError ? t('backlogUnreadable') : '';
  renderPauses(overview.pauses);
}

// --- pauses -----------------------------------------------------------------------------------
const targetPath = (key) => {
  const [kind, name] = key.split(/:(.*)/s);
  return { kind: kind === 'channel' ? 'channels' : 'providers', name };
};

function targetLabel(key) {
  const { kind, name } = targetPath(key);
  return kind === 'channels' ? t('channelTarget', { channel: channelLabel(name) }) : t('providerTarget', { provider: name });
}

function renderPauses(pauses) {
  const paused = $('#paused-channels');
  paused.hidden = pauses.pausedChannels.length === 0;
  paused.textContent = t('pausedChannels', { channels: pauses.pausedChannels.map(channelLabel).join(', ') });

  $('#pauses-table tbody').replaceChildren(...pauses.items.map((pause) => {
    const row = document.createElement('tr');
    row.dataset.target = pause.target;
    cell(row, targetLabel(pause.target));
    cell(row, pause.pausedBy).dataset.userText = '';
    cell(row, formatTime(pause.pausedAt));
    cell(row, pause.reason).dataset.userText = '';
    const resume = actionButton('resume', 'primary', (button) => resumeTarget(button, pause.target));
    resume.setAttribute('aria-label', t('resumeOne', { target: targetLabel(pause.target) }));
    cell(row, '').append(resume);
    return row;
  }));
  $('#pauses-empty').hidden = pauses.items.length > 0;

  // The choices are rebuilt only when they change, so a refresh never resets what the operator picked.
  const keys = [...pauses.channels.map((c) => `channel:${c}`), ...pauses.smsProviders.map((p) => `provider:${p}`)];
  const select = $('#pause-target');
  const labels = keys.map(targetLabel);
  if (select.dataset.options !== JSON.stringify(labels)) {
    const chosen = select.value;
    select.replaceChildren(...keys.map((key, i) => {
      const option = document.createElement('option');
      option.value = key;
      option.textContent = labels[i];
      return option;
    }));
    if (keys.includes(chosen)) select.value = chosen;
    select.dataset.options = JSON.stringify(labels);
  }
}

async function pauseTarget(event) {
  event.preventDefault();
  const key = $('#pause-target').value;
  const reason = $('#pause-reason');
  if (!key) return;
  if (!reason.value.trim()) {
    refuse(event.target, [{ field: 'reason', code: 'Required' }]);
    return;
  }
  await run($('#pause-button'), 'pausing', async () => {
    const { kind, name } = targetPath(key);
    await api.pause(kind, name, reason.value.trim());
    reason.value = '';
    await refreshOverview();
    announce('paused', { target: targetLabel(key) });
  }, event.target);
}

async function resumeTarget(button, key) {
  await run(button, 'resuming', async () => {
    const { kind, name } = targetPath(key);
    await api.resume(kind, name);
    await refreshOverview();
    announce('resumed', { target: targetLabel(key) });
  });
}

async function refreshOverview() {
  await run(null, null, async () => {
    state.overview = await api.getOverview();
    renderOverview();
  });
}

// --- dead letters -----------------------------------------------------------------------------
function actionButton(labelKey, className, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.textContent = t(labelKey);
  button.addEventListener('click', () => onClick(button));
  return button;
}

function renderDeadLetters() {
  $('#deadletters-table tbody').replaceChildren(...state.deadLetters.map((letter) => {
    const row = document.createElement('tr');
    row.dataset.sequenceNumber = String(letter.sequenceNumber);
    cell(row, String(letter.sequenceNumber));
    cell(row, letter.messageId);
    cell(row, deadLetterReasonLabel(letter.reason));
    // The description is the sender's own English sentence, marked as such for screen readers.
    cell(row, letter.description).lang = 'en';
    cell(row, String(letter.deliveryCount));
    cell(row, formatTime(letter.enqueuedAt));
    const actions = cell(row, '');
    actions.className = 'row-actions';
    const replay = actionButton('replay', 'primary', (button) => replayOne(button, letter.sequenceNumber));
    replay.setAttribute('aria-label', t('replayOne', { sequence: letter.sequenceNumber }));
    const discard = actionButton('discard', 'danger', (button) => discardOne(button, letter.sequenceNumber));
    discard.setAttribute('aria-label', t('discardOne', { sequence: letter.sequenceNumber }));
    actions.append(replay, discard);
    return row;
  }));
  $('#deadletters-empty').hidden = state.deadLetters.length > 0;
  $('#replay-all').disabled = state.deadLetters.length === 0;
}

async function loadDeadLetters(button = $('#refresh-deadletters')) {
  state.entity = $('#deadletter-entity').value;
  await run(button, 'loading', async () => {
    const list = await api.listDeadLetters(state.entity);
    state.deadLetters = list.items;
    renderDeadLetters();
    announce('deadLettersLoaded', { count: state.deadLetters.length });
  });
}

async function replayOne(button, sequenceNumber) {
  await run(button, 'replaying', async () => {
    await api.replayDeadLetter(state.entity, sequenceNumber);
    state.deadLetters = state.deadLetters.filter((l) => l.sequenceNumber !== sequenceNumber);
    renderDeadLetters();
    announce('replayed', { count: 1 });
  });
}

async function replayAll() {
  await run($('#replay-all'), null, async () => {
    const confirmed = await confirmAction({
      title: t('confirmReplayTitle'),
      text: t('confirmReplayText', { entity: entityLabel(state.entity), count: state.deadLetters.length }),
      action: t('confirmReplay'),
    });
    if (!confirmed) {
      announce('cancelled');
      return;
    }
    announce('replaying');
    const result = await api.replayAllDeadLetters(state.entity);
    state.deadLetters = [];
    renderDeadLetters();
    announce('replayed', { count: result.handled });
  });
}

async function discardOne(button, sequenceNumber) {
  const reason = $('#discard-reason');
  if (!reason.value.trim()) {
    // The API refuses a discard without a reason too; asking here saves the round trip.
    refuse($('#view-deadletters'), [{ field: 'reason', code: 'Required' }]);
    return;
  }
  await run(button, 'discarding', async () => {
    await api.discardDeadLetter(state.entity, sequenceNumber, reason.value.trim());
    state.deadLetters = state.deadLetters.filter((l) => l.sequenceNumber !== sequenceNumber);
    reason.value = '';
    renderDeadLetters();
    announce('discarded');
  }, $('#view-deadletters'));
}

// --- views ------------------------------------------------------------------------------------
function stop() {
  if (timer) clearTimeout(timer);
  timer = null;
}

export const operations = {
  /** Called by the router with the view now shown (null when none of these). */
  show(view) {
    stop();
    state.view = view;
    if (view === 'overview') {
      // Refreshed with a timer set after each answer, so a slow server never has two reads in flight.
      const tick = async () => {
        await refreshOverview();
        if (state.view === 'overview') timer = setTimeout(tick, refreshInterval);
      };
      tick();
    }
    if (view === 'deadletters') loadDeadLetters();
  },

  /** Re-renders in the current language. */
  render() {
    renderOverview();
    renderDeadLetters();
  },
};

$('#refresh-deadletters').addEventListener('click', () => loadDeadLetters());
$('#deadletter-entity').addEventListener('change', () => loadDeadLetters());
$('#replay-all').addEventListener('click', replayAll);
$('#pause-form').addEventListener('submit', pauseTarget);
