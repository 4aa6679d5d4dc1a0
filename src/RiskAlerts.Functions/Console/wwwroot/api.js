// The console's one door to the JSON API: every call carries the signed-in bearer token,
// and every failure arrives as an ApiError holding the problem details the server sent.
const tokenKey = 'riskalerts.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  // sessionStorage: the token leaves with the tab, never persisted to disk-backed storage.
  get token() { return sessionStorage.getItem(tokenKey); },
  signIn(token) { sessionStorage.setItem(tokenKey, token.trim()); },
  signOut() { sessionStorage.removeItem(tokenKey); },

  /** The token's subject and roles, read from its payload for display only (the server checks it). */
  get identity() {
    const token = this.token;
    if (!token) return null;
    try {
      const binary = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
      const roles = [payload.role ?? payload.roles ?? []].flat();
      // The enterprise a contact acts for, under the claim name the API reads by default.
      return { name: payload.name ?? payload.sub ?? '?', roles, uscc: payload.uscc ?? null };
    } catch {
      return { name: '?', roles: [] };
    }
  },
};

async function call(method, path, { body, headers } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A file the API answers (a CSV export): its bytes and the name the server gave it. */
async function download(path, accept) {
  const headers = { Accept: accept };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text) : null);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'export.csv';
  return { blob: await response.blob(), name };
}

const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return search.size ? `?${search}` : '';
};

const id = (warningId) => encodeURIComponent(warningId);

export const api = {
  previewWarning: (draft) => call('POST', '/api/warnings/preview', { body: draft }),
  submitWarning: (draft, idempotencyKey) => call('POST', '/api/warnings', { body: draft, headers: { 'Idempotency-Key': idempotencyKey } }),
  listWarnings: ({ status, severity, category, q, pageSize = 20, continuationToken } = {}) => call('GET', `/api/warnings${query({ status, severity, category, q, pageSize, continuationToken })}`),
  getWarning: (warningId) => call('GET', `/api/warnings/${id(warningId)}`),
  // An Update or Cancel of the warning, as a new warning; the key makes a repeated click one follow-up.
  updateWarning: (warningId, changes, idempotencyKey) => call('POST', `/api/warnings/${id(warningId)}/updates`, { body: changes, headers: { 'Idempotency-Key': idempotencyKey } }),
  cancelWarning: (warningId, reason, idempotencyKey) => call('POST', `/api/warnings/${id(warningId)}/cancel`, { body: { reason }, headers: { 'Idempotency-Key': idempotencyKey } }),
  // The warning's record of proof as CSV (UTF-8 with BOM, streamed by the server).
  downloadEvidence: (warningId) => download(`/api/warnings/${id(warningId)}/evidence`, 'text/csv'),
  getWarningAudience: (warningId) => call('GET', `/api/warnings/${id(warningId)}/audience`),
  // An approver's decision on a warning that waits for approval; the API refuses one's own.
  approveWarning: (warningId, reason) => call('POST', `/api/warnings/${id(warningId)}/approve`, { body: { reason } }),
  rejectWarning: (warningId, reason) => call('POST', `/api/warnings/${id(warningId)}/reject`, { body: { reason } }),
  retractWarning: (warningId, reason) => call('POST', `/api/warnings/${id(warningId)}/retract`, { body: { reason } }),
  getOverview: () => call('GET', '/api/operations/overview'),
  // A POST, so the address is never in a URL that request logs keep.
  lookupDeliveries: (lookup) => call('POST', '/api/operations/deliveries/lookup', { body: lookup }),
  // Operators and admins; a page may hold fewer items than asked for while a continuation token says the search goes on.
  searchEnterprises: ({ name, uscc, region, pageSize = 20, continuationToken } = {}) => call('GET', `/api/enterprises${query({ name, uscc, region, pageSize, continuationToken })}`),
  getEnterprise: (uscc) => call('GET', `/api/enterprises/${encodeURIComponent(uscc)}`),
  // A new enterprise with its contacts and preferences (admins; the same PUT updates one already registered).
  registerEnterprise: (uscc, registration) => call('PUT', `/api/enterprises/${encodeURIComponent(uscc)}`, { body: registration }),
  // Written only over the version read (If-Match), so an admin never overwrites a change they did not see.
  replaceContacts: (uscc, contacts, version) => call('PUT', `/api/enterprises/${encodeURIComponent(uscc)}/contacts`, { body: { contacts }, headers: { 'If-Match': `"${version}"` } }),
  replacePreferences: (uscc, preferences, version) => call('PUT', `/api/enterprises/${encodeURIComponent(uscc)}/preferences`, { body: { preferences }, headers: { 'If-Match': `"${version}"` } }),
  // The warnings that reached the enterprise, newest first, a page of the newest warnings at a time.
  listEnterpriseWarnings: (uscc, continuationToken) => call('GET', `/api/enterprises/${encodeURIComponent(uscc)}/warnings${query({ continuationToken })}`),
  // The enterprise itself acknowledges (its token names it); the first acknowledgement is kept.
  acknowledgeWarning: (warningId) => call('POST', `/api/warnings/${id(warningId)}/acknowledgements`, { body: {} }),
  // A new code (and, for email, link) to an unverified address of a contact; the code before it stops working.
  requestVerification: (uscc, contactId, channel) => call('POST', `/api/enterprises/${encodeURIComponent(uscc)}/contacts/${encodeURIComponent(contactId)}/verification`, { body: { channel } }),
  // The code a contact received; answers the registration with the address verified.
  verifyContact: (uscc, contactId, channel, code) => call('POST', `/api/enterprises/${encodeURIComponent(uscc)}/contacts/${encodeURIComponent(contactId)}/verify`, { body: { channel, code } }),
  unsubscribe: (uscc, version) => call('POST', `/api/enterprises/${encodeURIComponent(uscc)}/unsubscribe`, { headers: { 'If-Match': `"${version}"` } }),
  resubscribe: (uscc, version) => call('POST', `/api/enterprises/${encodeURIComponent(uscc)}/resubscribe`, { headers: { 'If-Match': `"${version}"` } }),
  // Who acknowledged a warning, read alone (one partition), to follow them while its page is open.
  getAcknowledgements: (warningId) => call('GET', `/api/warnings/${id(warningId)}/acknowledgements`),
  // One UTC day (yyyy-MM-dd; today when absent), newest first, up to max entries (the API's bound is 1000).
  getAuditTrail: ({ day, max } = {}) => call('GET', `/api/operations/audit${query({ day, max })}`),
  pause: (kind, name, reason) => call('PUT', `/api/operations/pauses/${kind}/${encodeURIComponent(name)}`, { body: { reason } }),
  resume: (kind, name) => call('DELETE', `/api/operations/pauses/${kind}/${encodeURIComponent(name)}`),
  listDeadLetters: (entity) => call('GET', `/api/operations/deadletters/${encodeURIComponent(entity)}?max=200`),
  replayDeadLetter: (entity, sequenceNumber) => call('POST', `/api/operations/deadletters/${encodeURIComponent(entity)}/${sequenceNumber}/replay`),
  replayAllDeadLetters: (entity) => call('POST', `/api/operations/deadletters/${encodeURIComponent(entity)}/replay`),
  discardDeadLetter: (entity, sequenceNumber, reason) => call('POST', `/api/operations/deadletters/${encodeURIComponent(entity)}/${sequenceNumber}/discard`, { body: { reason } }),

  /** A warning's delivery summary and a page of rows; null where the server has no deliveries endpoint. */
  async getDeliveries(warningId, { status, channel, pageSize, continuationToken } = {}) {
    try {
      return await call('GET', `/api/warnings/${id(warningId)}/deliveries${query({ status, channel, pageSize, continuationToken })}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
};
