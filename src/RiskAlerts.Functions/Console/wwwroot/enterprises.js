// The enterprise views (operators and admins): a search by name, credit code and registered region,
// and an enterprise's page with its profile, its contacts (masked for operators) with links to the
// deliveries to each, and its preferences; admins edit contacts and preferences there. The same page
// is the enterprise's own (#/own, keyed by the code its token carries): the warnings that reached it,
// each with its acknowledge button, its own contacts in full, its edits, and unsubscribing or
// subscribing again. Each view draws only answers asked for by the view on screen (the console's
// ViewTracker), and every edit takes its enterprise from the page's own key.
import { api, session, ApiError } from './api.js';
import { catalog } from './catalog.js';
import { $, t, formatTime, severityLabel, statusLabel, channelLabel, announce, run, refuse, fillRegionPicker, showRegionInPicker, confirmAction } from './ui.js';
import { enterpriseSearchOf, enterpriseSearchHash, contactLookupHash, contactsFromForm, preferencesFromForm, registrationFromForm, mayUse, receivedRows } from './state.js';

const pageSize = 20;
const channels = ['sms', 'email'];
const state = { items: [], token: null, enterprise: null, received: null };
let views = null;

const searchPicker = () => ({ province: $('#es-province'), prefecture: $('#es-prefecture'), county: $('#es-county') });
const registerPicker = () => ({ province: $('#rg-province'), prefecture: $('#rg-prefecture'), county: $('#rg-county') });
const isAdmin = () => Boolean(session.identity?.roles.includes('admin'));
const isPageView = (view) => view?.view === 'enterprise' || view?.view === 'own';
// The API lets an enterprise change its own record as it lets an admin change any.
const mayEdit = (view) => isAdmin() || view?.view === 'own';

function text(parent, tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value ?? '';
  if (className) element.className = className;
  parent.append(element);
  return element;
}

// --- search -----------------------------------------------------------------------------------
function card(enterprise) {
  const item = document.createElement('li');
  item.dataset.uscc = enterprise.uscc;
  const title = text(item, 'p', '', 'card-title');
  const link = document.createElement('a');
  link.href = `#/enterprises/${encodeURIComponent(enterprise.uscc)}`;
  link.textContent = enterprise.name;
  link.dataset.userText = '';
  title.append(link);
  text(item, 'p', enterprise.uscc);
  text(item, 'p', catalog.regionName(enterprise.registeredCounty));
  text(item, 'p', t(enterprise.unsubscribed ? 'unsubscribed' : 'subscribed'), 'hint');
  return item;
}

function renderList() {
  $('#enterprises-list').replaceChildren(...state.items.map(card));
  const found = state.items.length ? t('enterprisesFound', { count: state.items.length }) : state.token ? '' : t('enterprisesNone');
  $('#enterprises-summary').textContent = [found, state.token ? t('enterprisesPartial') : ''].filter(Boolean).join(' ');
  $('#more-enterprises').hidden = !state.token;
}

function showCriteria(criteria) {
  const form = $('#enterprise-search');
  form.elements.name.value = criteria.name;
  form.elements.uscc.value = criteria.uscc;
  showRegionInPicker(searchPicker(), criteria.region);
}

async function search(view, more = false) {
  const criteria = enterpriseSearchOf(view.key);
  await run(more ? $('#more-enterprises') : $('#enterprise-search-button'), 'searching', async () => {
    const page = await api.searchEnterprises({ ...criteria, pageSize, continuationToken: more ? state.token : undefined });
    if (!views.isCurrent(view)) return;
    state.items = more ? [...state.items, ...page.items] : page.items;
    state.token = page.continuationToken ?? null;
    renderList();
    announce('loaded', { count: state.items.length });
  }, $('#enterprise-search'));
}

function openSearch(view) {
  state.items = [];
  state.token = null;
  showCriteria(enterpriseSearchOf(view.key));
  renderList();
  $('#enterprises-summary').textContent = '';
  // The bare list asks for nothing until the user searches: at a province's size "everything" is no answer.
  if (view.key) search(view);
}

function submitSearch(event) {
  event.preventDefault();
  const form = event.target;
  const hash = enterpriseSearchHash({ name: form.elements.name.value, uscc: form.elements.uscc.value, region: fillRegionPicker(searchPicker(), 'regionAll') });
  // The address is the search: a new one opens the view for it; the same one searches again.
  if (location.hash === hash || decodeURIComponent(location.hash) === decodeURIComponent(hash)) {
    openSearch(views.open('enterprises', views.current?.key ?? ''));
  } else {
    location.hash = hash;
  }
}

// --- registering an enterprise (admins) ---------------------------------------------------------
/** Shows the registration form to those who may register, with one empty contact to start from. */
function openRegistration() {
  const allowed = mayUse('register', session.identity?.roles);
  $('#register').hidden = !allowed;
  if (allowed && !document.querySelector('#register-contacts .contact-edit')) renderContactEditor([blankContact()], registerEdit);
}

function renderRegistrationChoices() {
  fillRegionPicker(registerPicker());
  const categories = $('#rg-categories');
  const ticked = new Set([...categories.querySelectorAll('input:checked')].map((box) => box.value));
  // Every category is ticked at first, as the API's defaults for a new enterprise have it.
  const fresh = !categories.querySelector('input');
  categories.replaceChildren(categories.querySelector('legend'), ...catalog.categories.map((c) => checkbox('rg-categories', c.id, c.name, fresh || ticked.has(c.id))));
}

async function register(event) {
  event.preventDefault();
  const form = event.target;
  const { uscc, body } = registrationFromForm({
    // By id: the contact rows hold inputs named `name` too.
    uscc: $('#rg-uscc').value,
    name: $('#rg-name').value,
    industry: $('#rg-industry').value,
    registeredCounty: $('#rg-county').value,
    categories: [...form.querySelectorAll('input[name="rg-categories"]:checked')].map((box) => box.value),
    contacts: readContactRows(registerEdit),
  });
  if (!uscc) {
    refuse(form, [{ field: 'uscc', code: 'Required' }]);
    return;
  }
  await run($('#register-button'), 'registering', async () => {
    // The API registers or updates alike; asking first keeps this form from overwriting an enterprise already registered.
    const existing = await api.getEnterprise(uscc).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
    if (existing) {
      refuse(form, [{ field: 'uscc', code: 'AlreadyRegistered' }]);
      return;
    }
    const registered = await api.registerEnterprise(uscc, body);
    form.reset();
    renderContactEditor([blankContact()], registerEdit);
    $('#rg-categories').replaceChildren($('#rg-categories legend'));
    renderRegistrationChoices();
    announce('registered', { name: registered.enterprise.name });
    location.hash = `#/enterprises/${encodeURIComponent(registered.uscc)}`;
  }, form);
}

// --- an enterprise's page ---------------------------------------------------------------------
const regionNames = (codes) => (codes.length ? codes.map((code) => catalog.regionName(code)).join('、') : t('none'));

// An address waiting for its code: the form that enters it and asks for another, for those who may change the record.
function verificationForm(uscc, contact, channel) {
  const form = document.createElement('form');
  form.className = 'verification';
  form.dataset.channel = channel;
  form.noValidate = true;
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.name = 'code';
  input.inputMode = 'numeric';
  input.autocomplete = 'one-time-code';
  input.maxLength = 6;
  input.dataset.field = 'code';
  label.append(t('verificationCode', { channel: channelLabel(channel) }), ' ', input);
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'primary';
  submit.textContent = t('verifyAction');
  const resend = document.createElement('button');
  resend.type = 'button';
  resend.textContent = t('resendCodeAction');
  form.append(label, submit, resend);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verify(uscc, contact.id, channel, input.value.trim(), submit, form);
  });
  resend.addEventListener('click', () => resendCode(uscc, contact.id, channel, resend, form));
  return form;
}

function contactCard(uscc, contact, unverified) {
  const item = document.createElement('li');
  item.dataset.contactId = contact.id;
  text(item, 'p', contact.name, 'card-title').dataset.userText = '';
  if (contact.role) text(item, 'p', contact.role).dataset.userText = '';
  const waiting = unverified.filter((u) => u.contactId === contact.id).map((u) => u.channel);
  const address = (channel, labelKey, value) => {
    const line = text(item, 'p', `${t(labelKey)}：${value}`);
    if (waiting.includes(channel)) {
      const badge = text(line, 'span', t('unverified'), 'badge warning');
      badge.dataset.unverified = channel;
    }
  };
  if (contact.mobile) address('sms', 'mobile', contact.mobile);
  if (contact.email) address('email', 'emailAddress', contact.email);
  if (waiting.length) text(item, 'p', t('unverifiedHint'), 'hint');
  for (const channel of mayEdit(views?.current) ? waiting : []) item.append(verificationForm(uscc, contact, channel));
  text(item, 'p', `${t('channels')}：${contact.channels.map(channelLabel).join('、')}`);
  const links = text(item, 'p', '', 'card-links');
  for (const channel of mayUse('lookup', session.identity?.roles) ? contact.channels : []) {
    const link = document.createElement('a');
    link.href = contactLookupHash(uscc, contact.id, channel);
    link.textContent = `${channelLabel(channel)}${t('deliveriesLink')}`;
    link.setAttribute('aria-label', t('contactDeliveries', { name: contact.name, channel: channelLabel(channel) }));
    links.append(link);
  }
  return item;
}

function checkbox(name, value, label, checked) {
  const wrapper = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.name = name;
  box.value = value;
  box.checked = checked;
  wrapper.append(box, ' ', label);
  return wrapper;
}

// The contact rows of a form: the admin's edit of an enterprise's contacts, or the registration's.
// Each has its own list, add button, ids and labels, since both live in the one page.
const contactsEdit = { list: '#contacts-editor', add: '#add-contact', prefix: 'ce', mobile: 'mobile', channels: 'channels' };
const registerEdit = { list: '#register-contacts', add: '#register-add-contact', prefix: 'rg', mobile: 'registerMobile', channels: 'registerChannels' };
const blankContact = () => ({ id: '', name: '', role: '', mobile: '', email: '', channels: [] });

function fieldOf(path, labelKey, input, prefix = 'ce') {
  const field = document.createElement('div');
  field.className = 'field';
  field.dataset.field = path;
  input.id = `${prefix}-${path.replace(/\W+/g, '-')}`;
  const label = document.createElement('label');
  label.htmlFor = input.id;
  label.textContent = t(labelKey);
  field.append(label, input);
  return field;
}

function contactEditor(editor, contact, index) {
  const set = document.createElement('fieldset');
  set.className = 'contact-edit';
  set.dataset.field = `contacts[${index}]`;
  text(set, 'legend', t('contactNumber', { number: index + 1 }));
  const row = document.createElement('div');
  row.className = 'row';
  for (const [name, labelKey, type] of [['id', 'contactId'], ['name', 'contactName'], ['role', 'contactRole'], ['mobile', editor.mobile, 'tel'], ['email', 'emailAddress', 'email']]) {
    const input = document.createElement('input');
    input.name = name;
    input.type = type ?? 'text';
    input.autocomplete = 'off';
    input.value = contact[name] ?? '';
    row.append(fieldOf(`contacts[${index}].${name}`, labelKey, input, editor.prefix));
  }
  set.append(row);
  const boxes = document.createElement('fieldset');
  boxes.className = 'field';
  boxes.dataset.field = `contacts[${index}].channels`;
  text(boxes, 'legend', t(editor.channels));
  for (const channel of channels) boxes.append(checkbox('channels', channel, channelLabel(channel), (contact.channels ?? []).includes(channel)));
  set.append(boxes);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'danger';
  remove.textContent = t('removeContact', { number: index + 1 });
  remove.addEventListener('click', () => {
    const rows = readContactRows(editor).filter((_, i) => i !== index);
    renderContactEditor(rows, editor);
    $(editor.add).focus();
  });
  set.append(remove);
  return set;
}

function readContactRows(editor = contactsEdit) {
  return [...document.querySelectorAll(`${editor.list} .contact-edit`)].map((set) => ({
    ...Object.fromEntries(['id', 'name', 'role', 'mobile', 'email'].map((name) => [name, set.querySelector(`input[name="${name}"]`).value])),
    channels: [...set.querySelectorAll('input[name="channels"]:checked')].map((box) => box.value),
  }));
}

function renderContactEditor(rows, editor = contactsEdit) {
  $(editor.list).replaceChildren(...rows.map((contact, index) => contactEditor(editor, contact, index)));
}

function addContactRow(editor) {
  renderContactEditor([...readContactRows(editor), blankContact()], editor);
  document.querySelector(`${editor.list} .contact-edit:last-child input`)?.focus();
}

function renderPreferencesEditor(preferences) {
  const categories = $('#pf-categories');
  categories.replaceChildren(categories.querySelector('legend'), ...catalog.categories.map((c) => checkbox('pf-categories', c.id, c.name, preferences.categories.includes(c.id))));
  $('#pf-severity').value = preferences.minimumSeverity;
  for (const box of document.querySelectorAll('input[name="pf-channels"]')) box.checked = preferences.channels.includes(box.value);
  $('#pf-quiet-start').value = preferences.quietHours?.start ?? '';
  $('#pf-quiet-end').value = preferences.quietHours?.end ?? '';
}

function renderEnterprise() {
  const registration = state.enterprise;
  const view = views?.current;
  if (!registration || !isPageView(view) || registration.uscc !== view.key) return;
  const { enterprise, preferences } = registration;
  $('#enterprise-title').textContent = enterprise.name;
  $('#enterprise-body').hidden = false;
  $('#enterprise-uscc').textContent = registration.uscc;
  $('#enterprise-county').textContent = catalog.regionName(enterprise.registeredCounty);
  $('#enterprise-industry').textContent = enterprise.industry;
  $('#enterprise-subscription').textContent = t(registration.unsubscribed ? 'unsubscribed' : 'subscribed');
  $('#enterprise-version').textContent = String(registration.version);
  $('#enterprise-registered').textContent = formatTime(registration.registeredAt);
  $('#enterprise-updated').textContent = formatTime(registration.updatedAt);
  $('#enterprise-masked').hidden = mayEdit(view);
  $('#enterprise-contacts').replaceChildren(...registration.contacts.map((contact) => contactCard(registration.uscc, contact, registration.unverified ?? [])));
  $('#enterprise-categories').textContent = preferences.categories.map((id) => catalog.categoryName(id)).join('、') || t('none');
  $('#enterprise-severity').textContent = severityLabel(preferences.minimumSeverity);
  $('#enterprise-regions').textContent = regionNames(preferences.regions);
  $('#enterprise-industries').textContent = preferences.industries.length ? preferences.industries.join('、') : t('allIndustries');
  $('#enterprise-channels').textContent = preferences.channels.map(channelLabel).join('、');
  $('#enterprise-quiet').textContent = preferences.quietHours ? `${preferences.quietHours.start}–${preferences.quietHours.end}` : t('none');

  // Admins, and the enterprise on its own page, edit through the registration API; the forms name
  // the enterprise they were drawn for.
  for (const form of [$('#contacts-form'), $('#preferences-form')]) {
    form.hidden = !mayEdit(view);
    form.dataset.uscc = registration.uscc;
  }
  $('#own-panel').hidden = view.view !== 'own';
  $('#subscription-panel').hidden = view.view !== 'own';
  $('#subscription-panel').dataset.uscc = registration.uscc;
  $('#subscription-state').textContent = t(registration.unsubscribed ? 'unsubscribedState' : 'subscribedState');
  $('#unsubscribe-button').hidden = registration.unsubscribed;
  $('#resubscribe-button').hidden = !registration.unsubscribed;
  renderReceived();
  if (mayEdit(view)) {
    renderContactEditor(registration.contacts);
    renderPreferencesEditor(preferences);
  }
}

// --- the enterprise's own page: the warnings that reached it, and its subscription ------------------
function receivedCard(item) {
  const card = document.createElement('li');
  card.dataset.warningId = item.warningId;
  card.dataset.acknowledged = String(item.acknowledged);
  text(card, 'p', item.headline, 'card-title').dataset.userText = '';
  text(card, 'p', `${catalog.categoryName(item.category)} · ${severityLabel(item.severity)} · ${statusLabel(item.status)}`);
  text(card, 'p', t('receivedSentAt', { at: formatTime(item.sentAt) }));
  if (item.acknowledged) {
    text(card, 'p', t('acknowledgedState', { at: item.acknowledgedAt ? formatTime(item.acknowledgedAt) : '' }), 'hint');
  } else {
    text(card, 'p', t('notAcknowledgedState'), 'hint');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.textContent = t('acknowledgeAction');
    button.setAttribute('aria-label', t('acknowledgeLabel', { headline: item.headline }));
    button.addEventListener('click', () => acknowledge(item.warningId, button));
    card.append(button);
  }
  return card;
}

function renderReceived() {
  const view = views?.current;
  if (view?.view !== 'own' || !state.received || state.received.uscc !== view.key) return;
  const rows = receivedRows(state.received.items, state.received.acknowledgedHere);
  $('#received-list').replaceChildren(...rows.map(receivedCard));
  $('#received-summary').textContent = rows.length
    ? t('receivedCount', { count: rows.length, waiting: rows.filter((r) => !r.acknowledged).length })
    : t('receivedNone');
  $('#more-received').hidden = !state.received.token;
}

async function loadReceived(view, more = false) {
  await run(more ? $('#more-received') : null, null, async () => {
    const page = await api.listEnterpriseWarnings(view.key, more ? state.received?.token : undefined);
    if (!views.isCurrent(view)) return;
    const earlier = more ? state.received : null;
    state.received = {
      uscc: view.key,
      items: [...(earlier?.items ?? []), ...page.items],
      token: page.continuationToken ?? null,
      acknowledgedHere: earlier?.acknowledgedHere ?? new Set(),
    };
    renderReceived();
  });
}

async function acknowledge(warningId, button) {
  const view = views.current;
  if (view?.view !== 'own' || state.received?.uscc !== view.key) return;
  await run(button, 'saving', async () => {
    const acknowledgement = await api.acknowledgeWarning(warningId);
    if (!views.isCurrent(view)) return;
    state.received.acknowledgedHere.add(warningId);
    const item = state.received.items.find((i) => i.warningId === warningId);
    if (item && !item.acknowledgedAt) item.acknowledgedAt = acknowledgement.at;
    renderReceived();
    announce('acknowledgedDone');
  });
}

/** Enters a contact's code; the page then shows the registration the answer carries. */
async function verify(uscc, contactId, channel, code, button, form) {
  const view = views.current;
  if (!isPageView(view) || views.actionTarget(view, uscc, view.view) !== uscc || state.enterprise?.uscc !== uscc) return;
  await run(button, 'saving', async () => {
    const saved = await api.verifyContact(uscc, contactId, channel, code);
    if (!views.isCurrent(view)) return;
    state.enterprise = saved;
    renderEnterprise();
    announce('verifiedDone');
  }, form);
}

/** Asks for a new code; a 429 says when the next may be sent. */
async function resendCode(uscc, contactId, channel, button, form) {
  const view = views.current;
  if (!isPageView(view) || views.actionTarget(view, uscc, view.view) !== uscc) return;
  await run(button, 'saving', async () => {
    await api.requestVerification(uscc, contactId, channel);
    if (views.isCurrent(view)) announce('codeSent');
  }, form);
}

/** Unsubscribes or subscribes again, over the version on screen, for the enterprise the page names. */
async function changeSubscription(unsubscribe) {
  const view = views.current;
  const uscc = views.actionTarget(view, $('#subscription-panel').dataset.uscc, 'own');
  if (!uscc || state.enterprise?.uscc !== uscc) return;
  const confirmed = await confirmAction(unsubscribe
    ? { title: t('unsubscribeTitle'), text: t('unsubscribeText'), action: t('unsubscribeAction') }
    : { title: t('resubscribeTitle'), text: t('resubscribeText'), action: t('resubscribeAction') });
  if (!confirmed || !views.isCurrent(view)) return;
  await run(unsubscribe ? $('#unsubscribe-button') : $('#resubscribe-button'), 'saving', async () => {
    const saved = await (unsubscribe ? api.unsubscribe : api.resubscribe)(uscc, state.enterprise.version);
    if (!views.isCurrent(view)) return;
    state.enterprise = saved;
    renderEnterprise();
    announce(unsubscribe ? 'unsubscribedDone' : 'resubscribedDone');
    $(unsubscribe ? '#resubscribe-button' : '#unsubscribe-button').focus();
  });
}

function openEnterprise(view) {
  state.enterprise = null;
  state.received = null;
  $('#own-panel').hidden = true;
  $('#subscription-panel').hidden = true;
  delete $('#subscription-panel').dataset.uscc;
  $('#received-list').replaceChildren();
  $('#received-summary').textContent = '';
  $('#more-received').hidden = true;
  $('#enterprise-title').textContent = '';
  $('#enterprise-body').hidden = true;
  for (const form of [$('#contacts-form'), $('#preferences-form')]) delete form.dataset.uscc;
  run(null, 'loadingEnterprise', async () => {
    const registration = await api.getEnterprise(view.key);
    if (!views.isCurrent(view)) return;
    state.enterprise = registration;
    renderEnterprise();
    announce('enterpriseLoaded');
  });
  if (view.view === 'own') loadReceived(view);
}

/** Saves one of the admin's forms over the version on screen, for the enterprise the page names. */
async function save(event, button, write) {
  event.preventDefault();
  const view = views.current;
  const uscc = views.actionTarget(view, event.target.dataset.uscc, view?.view === 'own' ? 'own' : 'enterprise');
  if (!uscc || state.enterprise?.uscc !== uscc) return;
  await run(button, 'saving', async () => {
    const saved = await write(uscc, state.enterprise);
    if (!views.isCurrent(view)) return;
    state.enterprise = saved;
    renderEnterprise();
    announce('saved');
  }, event.target);
}

export const enterprises = {
  /** Called by the router with the view now open (its token keyed by what the URL names). */
  show(token, tracker) {
    views = tracker;
    if (token?.view === 'enterprises') {
      openRegistration();
      openSearch(token);
    } else {
      // Its rows leave the page with the view, so no other view finds a second 手机 or 电子邮箱 field.
      $('#register-contacts').replaceChildren();
    }
    if (token?.view === 'enterprise' || (token?.view === 'own' && token.key)) openEnterprise(token);
    if (token?.view === 'own' && !token.key) {
      $('#enterprise-title').textContent = t('ownNoCode');
      $('#enterprise-body').hidden = true;
    }
  },

  /** The search's region picker and the edit forms' choices, once the catalogue is loaded. */
  renderCatalog() {
    // A search opened from its address before the catalogue came shows its region now.
    if (views?.current?.view === 'enterprises') showCriteria(enterpriseSearchOf(views.current.key));
    else fillRegionPicker(searchPicker(), 'regionAll');
    renderRegistrationChoices();
    renderList();
    renderEnterprise();
  },

  /** Re-renders in the current language. */
  render() {
    if (views?.current?.view === 'enterprises') renderContactEditor(readContactRows(registerEdit), registerEdit);
    renderRegistrationChoices();
    renderList();
    renderEnterprise();
  },
};

$('#enterprise-search').addEventListener('submit', submitSearch);
$('#es-province').addEventListener('change', () => fillRegionPicker(searchPicker(), 'regionAll'));
$('#es-prefecture').addEventListener('change', () => fillRegionPicker(searchPicker(), 'regionAll'));
$('#more-enterprises').addEventListener('click', () => {
  if (views?.current?.view === 'enterprises') search(views.current, true);
});
$('#add-contact').addEventListener('click', () => addContactRow(contactsEdit));
$('#contacts-form').addEventListener('submit', (event) => save(event, $('#save-contacts'),
  (uscc, current) => api.replaceContacts(uscc, contactsFromForm(readContactRows()), current.version)));
$('#preferences-form').addEventListener('submit', (event) => save(event, $('#save-preferences'),
  (uscc, current) => api.replacePreferences(uscc, preferencesFromForm(current.preferences, {
    categories: [...document.querySelectorAll('input[name="pf-categories"]:checked')].map((box) => box.value),
    minimumSeverity: $('#pf-severity').value,
    channels: [...document.querySelectorAll('input[name="pf-channels"]:checked')].map((box) => box.value),
    quietStart: $('#pf-quiet-start').value,
    quietEnd: $('#pf-quiet-end').value,
  }), current.version)));
$('#register-form').addEventListener('submit', register);
$('#unsubscribe-button').addEventListener('click', () => changeSubscription(true));
$('#resubscribe-button').addEventListener('click', () => changeSubscription(false));
$('#more-received').addEventListener('click', () => {
  if (views?.current?.view === 'own') loadReceived(views.current, true);
});
$('#register-add-contact').addEventListener('click', () => addContactRow(registerEdit));
$('#rg-province').addEventListener('change', () => fillRegionPicker(registerPicker()));
$('#rg-prefecture').addEventListener('change', () => fillRegionPicker(registerPicker()));
