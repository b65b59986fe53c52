// The gateway's API as the page uses it: Connect unary JSON calls with the session cookie,
// photo uploads, and a copy of the last answer of each read for when the connection is gone.
import { pick, t } from './i18n.js';

// A failed call: status 0 when no answer came (offline, connection lost), else the HTTP status
// and the problem's reasons.
export class ApiError extends Error {
  constructor (status, problem) {
    super(problem ? pick(problem.reason_zh || problem.detail, problem.reason_en || problem.detail) : t('network'));
    this.status = status;
    this.problem = problem;
  }
  // Worth trying again later with the same key: no answer, the daemon away, too many requests.
  get transient () { return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500; }
}

// How long a request may go without an answer before it counts as none (status 0, tried again
// later with the same key): the queue runs one pass at a time, and a request that never ends
// would hold every later entry. A photo may take long on a slow link; a call does not.
const CALL_TIMEOUT_MS = 30000;
const UPLOAD_TIMEOUT_MS = 180000;

// POSTs and reads the JSON answer, all within ms; an answer that is not a 2xx throws its
// problem, no answer in time (or none at all) throws status 0.
async function exchange (url, init, ms) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    let response;
    try {
      response = await fetch(url, { ...init, method: 'POST', credentials: 'same-origin', cache: 'no-store',
                                    signal: abort.signal });
    } catch {
      throw new ApiError(0, null);
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* none, or cut off */ }
      throw new ApiError(response.status, problem);
    }
    try {
      return await response.json();
    } catch {
      throw new ApiError(0, null);   // cut off or given up before the whole answer came
    }
  } finally {
    clearTimeout(timer);
  }
}

// POST /api/v1/<service>/<method> with body as JSON; key: the Idempotency-Key of a write.
export async function call (service, method, body = {}, key = null) {
  const headers = { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang };
  if (key) headers['Idempotency-Key'] = key;
  return exchange(`/api/v1/${service}/${method}`, { headers, body: JSON.stringify(body) }, CALL_TIMEOUT_MS);
}

// A read whose last answer is kept (localStorage) and given back, marked stale, when no
// answer comes. Other errors are thrown.
export async function read (service, method, body = {}) {
  const slot = `sf.field.read:${service}/${method}:${JSON.stringify(body)}`;
  try {
    const answer = await call(service, method, body);
    try { localStorage.setItem(slot, JSON.stringify({ at: Date.now(), answer })); } catch { /* full: no copy */ }
    return { answer, staleAt: 0 };
  } catch (error) {
    const kept = error.status === 0 ? localStorage.getItem(slot) : null;
    if (!kept) throw error;
    const { at, answer } = JSON.parse(kept);
    return { answer, staleAt: at };
  }
}

// Every page of a paged read: the lists named by field joined.
export async function readAll (service, method, body, field) {
  let token = '';
  let first = null;
  let staleAt = 0;
  for (let pages = 0; pages < 50; pages++) {
    const { answer, staleAt: stale } = await read(service, method, { ...body, pageToken: token });
    staleAt = staleAt || stale;
    if (!first) first = { ...answer, [field]: [] };
    first[field].push(...(answer[field] || []));
    token = answer.nextPageToken || '';
    if (!token) break;
  }
  return { answer: first, staleAt };
}

// POST /api/v1/files with the photo as the body; its reference "sha256:<hex>".
export async function upload (blob) {
  const answer = await exchange('/api/v1/files', {
    headers: { 'Content-Type': blob.type || 'application/octet-stream' }, body: blob,
  }, UPLOAD_TIMEOUT_MS);
  return answer.ref;
}

// The URL of a stored file ("sha256:<hex>"), its thumbnail when thumb.
export function fileUrl (ref, thumb = false) {
  const hex = String(ref).replace(/^sha256:/, '');
  return `/api/v1/files/${encodeURIComponent(hex)}${thumb ? '?thumb=1' : ''}`;
}
