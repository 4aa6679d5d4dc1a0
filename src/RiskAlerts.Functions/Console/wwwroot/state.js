// The console's rules of state, kept free of the page so that node's own test runner checks them
// (tests/console): which view the URL names, which answers a view may draw, what an action targets,
// when a warning's page stops polling, and what the submit form sends.

/** Warning statuses after which nothing more happens to a warning. */
export const closedStatuses = new Set(['Completed', 'Cancelled', 'Expired', 'Rejected', 'Superseded']);

/** The views of the console by the hash that names them; a warning's detail is `#/warnings/{id}`. */
const viewsByHash = {
  '#/submit': 'submit',
  '#/warnings': 'warnings',
  '#/overview': 'overview',
  '#/deadletters': 'deadletters',
  '#/lookup': 'lookup',
  '#/enterprises': 'enterprises',
  '#/audit': 'audit',
  '#/own': 'own',
};

/**
 * Who may use each view: the roles the API serves its calls to. A view is shown only to them, so an
 * analyst never sees the dead letters and their replay buttons only to be refused.
 */
export const viewRoles = {
  submit: ['analyst', 'admin'],
  warnings: ['analyst', 'approver', 'operator', 'admin'],
  detail: ['analyst', 'approver', 'operator', 'admin'],
  // The approvals queue is the warnings list filtered to those waiting; only its link has roles.
  approvals: ['approver', 'admin'],
  overview: ['analyst', 'operator', 'admin'],
  deadletters: ['operator', 'admin'],
  lookup: ['operator', 'admin'],
  enterprises: ['operator', 'admin'],
  enterprise: ['operator', 'admin'],
  audit: ['operator', 'admin'],
  // The registration form on the enterprises view: the API registers for admins (and an enterprise itself).
  register: ['admin'],
  // The enterprise's own page: its registration and the warnings that reached it, keyed by its token's code.
  own: ['enterprise'],
};

/** Whether a principal with `roles` may use `view`; before sign-in every view shows, asking to sign in. */
export function mayUse(view, roles) {
  if (!roles) return true;
  return (viewRoles[view] ?? []).some((role) => roles.includes(role));
}

/** A query's own key: its criteria, trimmed, empty ones left out, always in the order of `fields`. */
function queryKey(fields, criteria) {
  const search = new URLSearchParams();
  for (const field of fields) {
    const value = String(criteria?.[field] ?? '').trim();
    if (value) search.set(field, value);
  }
  return search.toString();
}

/** The criteria a query key names (every field present, empty when not given). */
function queryOf(fields, key) {
  const search = new URLSearchParams(key ?? '');
  return Object.fromEntries(fields.map((field) => [field, search.get(field) ?? '']));
}

/** The criteria of an enterprise search the console sends, in a fixed order (its key and its address). */
const searchFields = ['name', 'uscc', 'region'];

/** A search's own key: its criteria, trimmed, empty ones left out, always in the same order. */
export const enterpriseSearchKey = (criteria) => queryKey(searchFields, criteria);

/** The criteria a search key names (every field present, empty when not given). */
export const enterpriseSearchOf = (key) => queryOf(searchFields, key);

/** The filters of the warnings list: status, severity, category and text in the headline (`q`). */
const warningFilterFields = ['status', 'severity', 'category', 'q'];

/** The filters' own key ('' for none). */
export const warningFilterKey = (criteria) => queryKey(warningFilterFields, criteria);

/** The filters a key names (every field present, empty when not given). */
export const warningFilterOf = (key) => queryOf(warningFilterFields, key);

/** The address of the warnings list with these filters: `#/warnings?status=…`, or `#/warnings` for none. */
export function warningFilterHash(criteria) {
  const key = warningFilterKey(criteria);
  return key ? `#/warnings?${key}` : '#/warnings';
}

/** The audit trail's filter: the one UTC day it lists (yyyy-MM-dd), the API's only criterion. */
const auditFilterFields = ['day'];

/** The filter's own key ('' for today). */
export const auditFilterKey = (criteria) => queryKey(auditFilterFields, criteria);

/** The filter a key names (`day` empty for today). */
export const auditFilterOf = (key) => queryOf(auditFilterFields, key);

/** The address of the audit trail of a day: `#/audit?day=…`, or `#/audit` for today. */
export function auditFilterHash(criteria) {
  const key = auditFilterKey(criteria);
  return key ? `#/audit?${key}` : '#/audit';
}

/** How many entries the audit trail reads at first, and at most (the API's bound). */
export const auditPage = { first: 200, step: 200, max: 1000 };

/**
 * How many entries 加载更多 asks for after a read of `max` that answered `count`: the API lists a
 * day newest first up to a bound, without a continuation, so more is the same day read further.
 * Null when the day holds no more (fewer came than asked for) or the bound is reached.
 */
export function nextAuditMax(count, max) {
  if (count < max || max >= auditPage.max) return null;
  return Math.min(max + auditPage.step, auditPage.max);
}

/** The actions the audit trail records, each with its label in strings (`audit.{action}`). */
export const auditActions = ['deliveries.lookup', 'deadletter.replay', 'deadletter.replay-all', 'deadletter.discard', 'channel.pause', 'channel.resume'];

/**
 * What an audit entry was done to, for the page to label: a channel or SMS provider paused or
 * resumed, a dead letter (its entity and sequence number) or a whole entity replayed; anything
 * else (the masked address of a lookup) as recorded.
 */
export function auditTarget(action, target) {
  const text = String(target ?? '');
  if (action === 'channel.pause' || action === 'channel.resume') {
    const [kind, name] = text.split(/:(.*)/s);
    if ((kind === 'channel' || kind === 'provider') && name) return { kind, name };
  }
  if (action.startsWith('deadletter.')) {
    const one = /^(.+)\/(\d+)$/.exec(text);
    return one ? { kind: 'deadletter', entity: one[1], sequence: one[2] } : { kind: 'entity', entity: text };
  }
  return { kind: 'text', text };
}

/**
 * An audit entry's detail as the page shows it: a reason the operator wrote (a pause, a discard)
 * as written; the outcome the API records in English (a replay, a lookup's count) as a string key
 * with its values; an outcome it does not know, as the English it is. Null for none.
 */
export function auditDetail(action, detail) {
  const text = String(detail ?? '').trim();
  if (!text) return null;
  if (action === 'channel.pause' || action === 'deadletter.discard') return { reason: text };
  if (action === 'deadletter.replay' && text === 'replayed') return { key: 'auditReplayedOne', values: {} };
  const all = /^(\d+) replayed$/.exec(text);
  if (action === 'deadletter.replay-all' && all) return { key: 'auditReplayedAll', values: { count: Number(all[1]) } };
  const lookup = /^(\d+) deliveries found in (\d+) warnings of the last (\d+) days(?: \(contact (.+) of (\S+)\))?$/.exec(text);
  if (action === 'deliveries.lookup' && lookup) {
    const values = { count: Number(lookup[1]), searched: Number(lookup[2]), days: Number(lookup[3]) };
    return lookup[4] ? { key: 'auditLookupContact', values: { ...values, contact: lookup[4], uscc: lookup[5] } } : { key: 'auditLookup', values };
  }
  return { english: text };
}

/** The address of a search: `#/enterprises?name=…`, or `#/enterprises` for none. */
export function enterpriseSearchHash(criteria) {
  const key = enterpriseSearchKey(criteria);
  return key ? `#/enterprises?${key}` : '#/enterprises';
}

/**
 * The address of the deliveries to one contact of an enterprise on one channel. It names the
 * contact, never the address: an operator sees addresses masked, and a URL is kept in histories.
 */
export function contactLookupHash(uscc, contactId, channel) {
  return `#/lookup/${[uscc, contactId, channel].map(encodeURIComponent).join('/')}`;
}

function decoded(parts) {
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}

/**
 * The view and its key that a location hash names: a warning id for the detail, the filters for
 * the warnings list, a credit code for an enterprise, the search's criteria for the enterprise
 * list, the contact for a lookup.
 */
export function routeOf(hash) {
  const text = hash ?? '';
  const submit = { view: 'submit', key: null };
  const detail = /^#\/warnings\/([^/]+)$/.exec(text);
  if (detail) {
    const [id] = decoded([detail[1]]) ?? [];
    return id ? { view: 'detail', key: id } : submit;
  }
  const enterprise = /^#\/enterprises\/([^/?]+)$/.exec(text);
  if (enterprise) {
    const [uscc] = decoded([enterprise[1]]) ?? [];
    return uscc ? { view: 'enterprise', key: uscc } : submit;
  }
  const filtered = /^#\/warnings\?(.*)$/.exec(text);
  if (filtered) return { view: 'warnings', key: warningFilterKey(warningFilterOf(filtered[1])) || null };
  const search = /^#\/enterprises\?(.*)$/.exec(text);
  if (search) return { view: 'enterprises', key: enterpriseSearchKey(enterpriseSearchOf(search[1])) };
  const lookup = /^#\/lookup\/([^/]+)\/([^/]+)\/(sms|email)$/.exec(text);
  if (lookup) {
    const parts = decoded(lookup.slice(1, 3));
    return parts ? { view: 'lookup', key: { uscc: parts[0], contactId: parts[1], channel: lookup[3] } } : submit;
  }
  const audit = /^#\/audit\?(.*)$/.exec(text);
  if (audit) return { view: 'audit', key: auditFilterKey(auditFilterOf(audit[1])) };
  if (text === '#/audit') return { view: 'audit', key: '' };
  if (text === '#/enterprises') return { view: 'enterprises', key: '' };
  return { view: viewsByHash[text] ?? 'submit', key: null };
}

/**
 * The view on screen. Opening a view makes a new token; an answer or a timer belongs to the token
 * it was started for and is dropped once another view is open, even if it names the same warning.
 */
export class ViewTracker {
  #current = null;

  /** Opens a view keyed by what its URL names and returns its token. */
  open(view, key = null) {
    this.#current = Object.freeze({ view, key });
    return this.#current;
  }

  /** No view of this tracker is on screen any more. */
  close() {
    this.#current = null;
  }

  get current() {
    return this.#current;
  }

  /** True while `token` is the view on screen. */
  isCurrent(token) {
    return token !== null && token !== undefined && token === this.#current;
  }

  /**
   * What an action acts on: the view's own key (a warning on the detail, an enterprise on its
   * page), and only when the form the user used was drawn for that same key. Null refuses the action.
   */
  actionTarget(token, drawnFor, view = 'detail') {
    if (!this.isCurrent(token) || token.view !== view) return null;
    return drawnFor === token.key ? token.key : null;
  }
}

/**
 * Whether a warning's detail polls again after this read: not once the warning is closed and
 * nothing is pending, since nothing on the page can change after that.
 */
export function keepsPolling(warning, deliveries) {
  if (!warning) return true;
  if (!closedStatuses.has(warning.status)) return true;
  const progress = deliveries?.summary?.progress;
  return Boolean(progress && progress.pending > 0);
}

/**
 * A warning's acknowledgements summary with a fresher list of who acknowledged (read alone, without
 * the reach): the counts follow the list, and an enterprise that acknowledged since leaves the list
 * of those still waited for. The reach stays as the last summary read it.
 */
export function withAcknowledgements(summary, list) {
  if (!summary || !list) return summary ?? null;
  const acknowledged = new Set((list.byEnterprise ?? []).map((e) => e.uscc));
  const enterprises = Math.max(summary.enterprises ?? 0, list.acknowledged ?? 0);
  return {
    ...summary,
    enterprises,
    acknowledged: list.acknowledged ?? 0,
    notAcknowledged: Math.max(enterprises - (list.acknowledged ?? 0), 0),
    byEnterprise: list.byEnterprise ?? [],
    notAcknowledgedEnterprises: (summary.notAcknowledgedEnterprises ?? []).filter((uscc) => !acknowledged.has(uscc)),
  };
}

/** The address a principal lands on after signing in, when the one it asked for is not its to use; null for none. */
export function landingFor(roles) {
  if (mayUse('own', roles)) return '#/own';
  if (mayUse('submit', roles)) return '#/submit';
  if (mayUse('approvals', roles)) return approvalsHash;
  if (mayUse('warnings', roles)) return '#/warnings';
  return null;
}

/**
 * The warnings an enterprise received, as its own page lists them: newest first (by when they were
 * sent), each with whether it still asks for an acknowledgement. One acknowledged on this page shows
 * so at once, before the list is read again.
 */
export function receivedRows(items, acknowledgedHere = new Set()) {
  return [...(items ?? [])]
    .sort((a, b) => String(b.sentAt).localeCompare(String(a.sentAt)))
    .map((item) => ({ ...item, acknowledged: Boolean(item.acknowledged) || acknowledgedHere.has(item.warningId) }));
}

/** Splits a typed list on commas (either width), the ideographic comma and white space. */
export function splitList(text) {
  return String(text ?? '').split(/[\s,，、]+/).filter(Boolean);
}

/**
 * The body of a warning submission or preview from the form's values: trimmed, optional fields
 * left out when empty, the expiry as an instant.
 */
export function draftFromForm(values) {
  const text = (name) => String(values[name] ?? '').trim();
  const draft = {
    category: text('category'),
    headline: text('headline'),
    description: text('description'),
    severity: text('severity'),
    urgency: text('urgency'),
    certainty: text('certainty'),
    channels: [...(values.channels ?? [])],
  };
  if (text('instruction')) draft.instruction = text('instruction');
  const regions = Array.isArray(values.regions) ? values.regions : splitList(values.regions);
  if (regions.length) draft.regions = [...regions];
  const targets = splitList(values.targets);
  if (targets.length) draft.targets = targets;
  if (text('expiresAt')) draft.expiresAt = new Date(text('expiresAt')).toISOString();
  return draft;
}

/**
 * What the confirmation before 发送 repeats: the headline, where it goes (the regions by name, or
 * the targeted enterprises), and the audience the preview counted, by channel.
 */
export function sendConfirmation(draft, preview, regionName, targetsLabel) {
  const regions = (draft.regions ?? []).map(regionName);
  return {
    headline: draft.headline,
    regions: regions.length ? regions.join('、') : targetsLabel,
    enterprises: preview.totalEnterprises,
    recipients: preview.totalRecipients,
    sms: preview.byChannel?.sms ?? 0,
    email: preview.byChannel?.email ?? 0,
  };
}

/** What the confirmation before 撤回 repeats: how many deliveries stop and how many are already out. */
export function retractConfirmation(warning, deliveries) {
  const progress = deliveries?.summary?.progress ?? { total: 0, pending: 0 };
  return { headline: warning?.headline ?? '', total: progress.total, pending: progress.pending, done: progress.total - progress.pending };
}

/**
 * The contacts an admin edited, as the registration API takes them: each row's fields trimmed,
 * empty mobile or email left out, the channels ticked. Rows left wholly empty are dropped.
 */
export function contactsFromForm(rows) {
  return rows
    .map((row) => {
      const text = (name) => String(row[name] ?? '').trim();
      const contact = { id: text('id'), name: text('name'), channels: [...(row.channels ?? [])] };
      if (text('role')) contact.role = text('role');
      if (text('mobile')) contact.mobile = text('mobile');
      if (text('email')) contact.email = text('email');
      return contact;
    })
    .filter((contact) => contact.id || contact.name || contact.mobile || contact.email);
}

/**
 * The preferences an admin edited, over the stored ones: what the form does not show (regions,
 * industries) is sent back as it was read, so saving the form never drops it.
 */
export function preferencesFromForm(stored, values) {
  const preferences = {
    categories: [...(values.categories ?? [])],
    minimumSeverity: String(values.minimumSeverity ?? ''),
    regions: [...(stored?.regions ?? [])],
    industries: [...(stored?.industries ?? [])],
    channels: [...(values.channels ?? [])],
  };
  const start = String(values.quietStart ?? '').trim();
  const end = String(values.quietEnd ?? '').trim();
  if (start || end) preferences.quietHours = { start, end };
  return preferences;
}

/** A delivery row's enterprise as the console shows it: the name (as planned) beside the credit code. */
export function enterpriseLabel(delivery) {
  return delivery?.enterpriseName ? `${delivery.enterpriseName}（${delivery.uscc}）` : (delivery?.uscc ?? '');
}

/**
 * The request a 更正 or 解除 form makes: an update carries only the fields filled in (the rest stay
 * as the warning has them), a cancel its reason. Null when nothing would be sent: a correction that
 * changes nothing, or a cancel without a reason.
 */
export function followUpRequest(kind, values) {
  const text = (name) => (values[name] ?? '').trim();
  if (kind === 'cancel') return text('reason') ? { kind, body: { reason: text('reason') } } : null;
  const body = {};
  if (text('headline')) body.headline = text('headline');
  if (text('description')) body.description = text('description');
  return Object.keys(body).length ? { kind: 'update', body } : null;
}

/** The address of the approvals queue: the warnings that wait for a second pair of eyes. */
export const approvalsHash = warningFilterHash({ status: 'PendingApproval' });

/** Whether the principal may retract, correct or call off warnings (analysts and admins; the API decides whose). */
export function mayIssue(roles) {
  return Boolean(roles?.some((role) => role === 'analyst' || role === 'admin'));
}

/** Whether the principal may approve or reject the warning now (the API still refuses one's own). */
export function mayDecide(warning, roles) {
  return warning?.status === 'PendingApproval' && Boolean(roles?.some((role) => role === 'approver' || role === 'admin'));
}

/**
 * The request an approval form makes: an approval with its note, if any; a rejection with its
 * reason, which it needs. Null when a rejection has no reason.
 */
export function decisionRequest(decision, reason) {
  const text = (reason ?? '').trim();
  if (decision === 'reject') return text ? { decision, reason: text } : null;
  return { decision: 'approve', reason: text || undefined };
}

/** What the approval's confirmation says: the warning and the audience it releases. */
export function approvalConfirmation(warning, audience) {
  return { headline: warning?.headline ?? '', enterprises: audience?.totalEnterprises ?? 0, recipients: audience?.totalRecipients ?? 0 };
}

/** The rows of a warning's acknowledgements table: each enterprise that acknowledged, earliest first. */
export function acknowledgementRows(acknowledgements) {
  return [...(acknowledgements?.byEnterprise ?? [])]
    .sort((a, b) => String(a.acknowledgedAt).localeCompare(String(b.acknowledgedAt)))
    .map((e) => ({ uscc: e.uscc, at: e.acknowledgedAt, channel: e.channel, contacts: (e.contacts ?? []).length }));
}

/** What the acknowledgements summary says: how many were reached, acknowledged and still waited for. */
export function acknowledgementCounts(acknowledgements) {
  return {
    enterprises: acknowledgements?.enterprises ?? 0,
    acknowledged: acknowledgements?.acknowledged ?? 0,
    waiting: acknowledgements?.notAcknowledged ?? 0,
    listed: acknowledgements?.notAcknowledgedEnterprises ?? [],
  };
}

/**
 * What the registration form sends: the credit code (upper-cased: the code's letters are capitals)
 * for the address, and the body of `PUT /api/enterprises/{uscc}` with the enterprise, its contacts
 * (a contact without an id is given the first free `c1`, `c2` …) and its preferences: the categories
 * ticked, over the API's defaults for a new enterprise (Moderate and above, its own county, every
 * industry, the channels its contacts have, quiet from 22:00 to 07:00).
 */
export function registrationFromForm(values) {
  const text = (name) => String(values[name] ?? '').trim();
  const contacts = contactsFromForm(values.contacts ?? []);
  const used = new Set(contacts.map((contact) => contact.id).filter(Boolean));
  let next = 1;
  for (const contact of contacts) {
    if (contact.id) continue;
    while (used.has(`c${next}`)) next += 1;
    contact.id = `c${next}`;
    used.add(contact.id);
  }
  const county = text('registeredCounty');
  const channels = ['sms', 'email'].filter((channel) => contacts.some((contact) => contact.channels.includes(channel)));
  const body = { enterprise: { name: text('name'), registeredCounty: county, industry: text('industry').toUpperCase() }, contacts };
  // Without a county the preferences' region cannot be its own: the county is what is refused, alone.
  if (county) {
    body.preferences = {
      categories: [...(values.categories ?? [])],
      minimumSeverity: 'Moderate',
      regions: [county],
      industries: [],
      channels: channels.length ? channels : ['sms', 'email'],
      quietHours: { start: '22:00', end: '07:00' },
    };
  }
  return { uscc: text('uscc').toUpperCase(), body };
}
