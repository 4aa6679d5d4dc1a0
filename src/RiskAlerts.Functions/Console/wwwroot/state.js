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
};

/**
 * Who may use each view: the roles the API serves its calls to. A view is shown only to them, so an
 * analyst never sees the dead letters and their replay buttons only to be refused.
 */
export const viewRoles = {
  submit: ['analyst', 'admin'],
  warnings: ['analyst', 'operator', 'admin'],
  detail: ['analyst', 'operator', 'admin'],
  overview: ['analyst', 'operator', 'admin'],
  deadletters: ['operator', 'admin'],
  lookup: ['operator', 'admin'],
};

/** Whether a principal with `roles` may use `view`; before sign-in every view shows, asking to sign in. */
export function mayUse(view, roles) {
  if (!roles) return true;
  return (viewRoles[view] ?? []).some((role) => roles.includes(role));
}

/** The view and its key (a warning id for the detail) that a location hash names. */
export function routeOf(hash) {
  const detail = /^#\/warnings\/([^/]+)$/.exec(hash ?? '');
  if (detail) {
    try {
      return { view: 'detail', key: decodeURIComponent(detail[1]) };
    } catch {
      return { view: 'submit', key: null };
    }
  }
  return { view: viewsByHash[hash] ?? 'submit', key: null };
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
   * The warning an action on the detail view acts on: the view's own key, and only when the form
   * the user used was drawn for that same warning. Null refuses the action.
   */
  actionTarget(token, drawnFor) {
    if (!this.isCurrent(token) || token.view !== 'detail') return null;
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
