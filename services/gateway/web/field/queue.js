// The queue of writes (IndexedDB "sf-field", store "queue"): every write is kept here first,
// photos as Blobs, with its Idempotency-Key made when it was entered, then sent in order
// when online: at start, on the `online` event, and again with backoff while it fails. A
// retried request carries the same key, so the gateway replays the first answer: a retry
// never makes a second finding. Photos are content-addressed: sending one again is harmless.
import { ApiError, call, upload } from './api.js';

const DB_NAME = 'sf-field';
const STORE = 'queue';
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60000;
const KEEP_SENT = 50;

// What each kind of entry calls, and what its answer is called in the list.
const KINDS = {
  report: { service: 'inspection.Inspection', method: 'ReportFinding', result: a => a.number },
  record: { service: 'inspection.Inspection', method: 'RecordInspection', result: a => `#${a.id}` },
  evidence: { service: 'rectification.Rectification', method: 'SubmitEvidence', result: a => a.number },
};

let dbPromise = null;
const listeners = [];
let flushing = null;
let retryTimer = null;
let backoffMs = BACKOFF_MIN_MS;
let sessionLost = false;
let login = '';
let again = false;

// The account signed in: its entries are the ones listed and sent (a shared phone keeps each
// person's writes apart; another's wait for their next login).
export function setLogin (name) {
  login = name || '';
  changed();
  if (login) flush();
}

function open () {
  dbPromise ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

async function tx (mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const store = transaction.objectStore(STORE);
    let result;
    Promise.resolve(work(store)).then(value => { result = value; });
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

function req (request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// A key of 1 to 62 visible ASCII characters (the gateway's rule), random, made once.
export function newKey () {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'fw-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

// Calls fn after each change; returns what stops it.
export function onChange (fn) {
  listeners.push(fn);
  return () => { const at = listeners.indexOf(fn); if (at >= 0) listeners.splice(at, 1); };
}
function changed () { listeners.forEach(fn => fn()); }

// The signed-in account's entries.
export async function list () {
  const all = await tx('readonly', store => req(store.getAll()));
  return all.filter(e => e.login === login);
}

async function put (entry) {
  return tx('readwrite', store => req(store.put(entry)));
}

export async function remove (id) {
  await tx('readwrite', store => req(store.delete(id)));
  changed();
}

// Keeps a write: kind (KINDS), body (the request; photos' refs go into the attachments named
// by each photo's `to`: "finding", "findings.<n>" or "evidence"), photos [{blob, to}], a label.
export async function add (kind, body, photos, label) {
  if (!KINDS[kind]) throw new Error(`unknown kind ${kind}`);
  const entry = {
    kind, body, label, login, key: newKey(), created: Date.now(), status: 'queued', attempts: 0, error: '', result: '',
    photos: photos.map(p => ({ blob: p.blob, type: p.blob.type, to: p.to, ref: '' })),
  };
  entry.id = await put(entry);
  changed();
  flush();
  return entry;
}

function attachmentsOf (body, to) {
  if (to === 'finding') return (body.finding.attachments ??= []);
  if (to === 'evidence') return (body.evidence.attachments ??= []);
  const match = /^findings\.(\d+)$/.exec(to);
  if (match) return (body.findings[Number(match[1])].attachments ??= []);
  throw new Error(`unknown attachment place ${to}`);
}

// One entry: its photos not yet stored, then the request with its key.
async function send (entry) {
  for (const photo of entry.photos) {
    if (photo.ref) continue;
    photo.ref = await upload(photo.blob);
    await put(entry);
  }
  const body = structuredClone(entry.body);
  for (const photo of entry.photos) attachmentsOf(body, photo.to).push(photo.ref);
  const kind = KINDS[entry.kind];
  const answer = await call(kind.service, kind.method, body, entry.key);
  return kind.result(answer);
}

// Keeps the newest KEEP_SENT sent entries (their photos are stored already: no Blobs kept).
async function prune () {
  const sent = (await list()).filter(e => e.status === 'sent').sort((a, b) => b.id - a.id);
  for (const entry of sent.slice(KEEP_SENT)) await tx('readwrite', store => req(store.delete(entry.id)));
}

function scheduleRetry () {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => flush(), backoffMs);
  backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
}

// Whether the last attempt found the session gone (the page asks to log in again).
export function needsLogin () { return sessionLost; }

// Sends what is queued, oldest first; one flush at a time. Stops at the first entry that
// cannot be sent now (no answer, the daemon away: tried again with backoff; no session:
// after the next login); an entry refused for good is marked failed and the next goes on.
export function flush () {
  if (!login) return Promise.resolve();
  if (flushing) {
    // Asked again while a pass runs (back online, a new entry): one more pass right after it,
    // so a pass that began offline does not leave the rest to the backoff.
    again = true;
    return flushing;
  }
  clearTimeout(retryTimer);
  flushing = (async () => {
    try {
      await pass();
      await prune();
    } finally {
      flushing = null;
      changed();
      if (again) {
        again = false;
        flush();
      }
    }
  })();
  return flushing;
}

async function pass () {
  const entries = (await list()).filter(e => e.status === 'queued').sort((a, b) => a.id - b.id);
  for (const entry of entries) {
    try {
      entry.result = await send(entry);
      entry.status = 'sent';
      entry.error = '';
      entry.sent = Date.now();
      entry.photos = entry.photos.map(p => ({ ...p, blob: null }));
      backoffMs = BACKOFF_MIN_MS;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      entry.attempts += 1;
      entry.error = error.message;
      if (error.status === 401) {
        sessionLost = true;
        await put(entry);
        return;
      }
      if (error.transient) {
        await put(entry);
        scheduleRetry();
        return;
      }
      entry.status = 'failed';
    }
    sessionLost = false;
    await put(entry);
    changed();
  }
}

// After a login: the session is back.
export function resume () {
  sessionLost = false;
  backoffMs = BACKOFF_MIN_MS;
  return flush();
}

window.addEventListener('online', () => { backoffMs = BACKOFF_MIN_MS; flush(); });
