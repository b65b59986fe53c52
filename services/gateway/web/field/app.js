// The field page (手机端): hash views #login, #home, #report, #check, #check/<unit>,
// #task/<id>, #forms, #form/<number>, #queue. Every write goes through the queue (queue.js).
import { call } from './api.js';
import { lang, onLang, pick, setLang, t } from './i18n.js';
import * as queue from './queue.js';
import { h, notice } from './ui.js';
import { viewCheck, viewTask } from './check.js';
import { viewForm, viewForms } from './forms.js';
import { viewReport } from './report.js';
import { viewQueue } from './queue_view.js';

const main = document.getElementById('main');
const status = document.getElementById('status');
const langButton = document.getElementById('lang');
const logoutButton = document.getElementById('logout');

// Who is signed in and where they work, kept for when the page starts offline.
export const me = JSON.parse(localStorage.getItem('sf.field.me') || 'null') || {};

const KIND_ORDER = ['KIND_COMPANY', 'KIND_PLANT', 'KIND_DEPARTMENT', 'KIND_TEAM', 'KIND_POST', 'KIND_EMPLOYEE'];

// The session's account, its unit (its first grant's node), team and plant (from the chain of
// its employee node).
async function learnWho () {
  const session = await call('gateway.Gateway', 'WhoAmI', {});
  const account = session.account || {};
  const grants = account.grants || [];
  const unit = grants.length ? grants[0].nodeCode : '';
  const known = { login: session.login, roles: grants.map(g => g.role), unit, employee: account.employeeCode || '' };
  const chain = (await call('directory.Directory', 'GetChain', { code: known.employee || unit })).nodes || [];
  const named = kind => chain.find(n => n.kind === kind);
  const nodeOf = code => chain.find(n => n.code === code);
  known.plant = named('KIND_PLANT')?.code || '';
  const team = named('KIND_TEAM') || named('KIND_DEPARTMENT');
  known.team = team?.code || unit;
  known.names = Object.fromEntries(chain.map(n => [n.code, { zh: n.nameZh, en: n.nameEn }]));
  if (!nodeOf(unit) && unit) {
    const node = await call('directory.Directory', 'GetNode', { code: unit }).catch(() => null);
    if (node) known.names[unit] = { zh: node.nameZh, en: node.nameEn };
  }
  known.kinds = Object.fromEntries(chain.map(n => [n.code, KIND_ORDER.indexOf(n.kind)]));
  Object.keys(me).forEach(k => delete me[k]);
  Object.assign(me, known);
  localStorage.setItem('sf.field.me', JSON.stringify(me));
  queue.setLogin(me.login);
}

export function unitName (code) {
  const names = me.names?.[code];
  return names ? `${pick(names.zh, names.en)} (${code})` : code;
}

export function go (hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function viewLogin (message) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, value: me.login || '' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const out = h('div', {}, message ? notice(message, 'error') : null);
  const form = h('form', { class: 'card', id: 'login-form', 'data-login': true },
    h('h2', {}, t('login')),
    h('label', { class: 'field' }, h('span', {}, t('login_name')), login),
    h('label', { class: 'field' }, h('span', {}, t('password')), password),
    h('button', { type: 'submit', class: 'primary' }, t('login')),
    out);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!navigator.onLine) { out.replaceChildren(notice(t('offline_login'), 'error')); return; }
    try {
      await call('gateway.Gateway', 'Login', { login: login.value.trim(), password: password.value });
      password.value = '';
      await learnWho();
      queue.resume();
      go('#home');
    } catch (error) {
      out.replaceChildren(notice(t('login_failed', { reason: error.message }), 'error'));
    }
  });
  return form;
}

function viewHome () {
  const tile = (hash, title, hint, id) => h('a', { class: 'tile', href: hash, id }, h('strong', {}, title), h('span', {}, hint));
  return h('div', {},
    h('p', { class: 'me' }, t('me', { login: me.login, unit: unitName(me.unit) })),
    h('nav', { class: 'tiles' },
      tile('#report', t('home_report'), t('home_report_hint'), 'go-report'),
      tile('#check', t('home_check'), t('home_check_hint'), 'go-check'),
      tile('#forms', t('home_forms'), t('home_forms_hint'), 'go-forms'),
      tile('#queue', t('home_queue'), t('home_queue_hint'), 'go-queue')));
}

// The header: connection, what is queued, the language.
async function renderStatus () {
  const entries = await queue.list();
  const waiting = entries.filter(e => e.status === 'queued').length;
  status.replaceChildren(
    h('span', { class: navigator.onLine ? 'badge ok' : 'badge warn', id: 'net' }, navigator.onLine ? t('online') : t('offline')),
    h('a', { class: waiting ? 'badge warn' : 'badge', href: '#queue', id: 'queued' }, t('queued_n', { n: waiting })));
  langButton.textContent = lang() === 'en' ? '中文' : 'EN';
  logoutButton.textContent = t('logout');
  logoutButton.hidden = !me.login;
  document.title = t('title');
  document.getElementById('title').textContent = t('title');
  if (queue.needsLogin() && !location.hash.startsWith('#login')) go('#login');
}

const VIEWS = [
  [/^#home$/, () => viewHome()],
  [/^#report$/, () => viewReport()],
  [/^#check$/, () => viewCheck(me.team, true)],
  [/^#check\/([A-Za-z0-9_-]{1,64})$/, m => viewCheck(m[1], false)],
  [/^#task\/(\d+)$/, m => viewTask(m[1])],
  [/^#forms$/, () => viewForms()],
  [/^#form\/([A-Za-z0-9_-]{1,64})$/, m => viewForm(m[1])],
  [/^#queue$/, () => viewQueue()],
];

let routed = 0;

export async function route () {
  const hash = location.hash || '#home';
  const mine = ++routed;
  if (hash.startsWith('#login')) {
    main.replaceChildren(viewLogin(queue.needsLogin() ? t('session_ended') : ''));
    return;
  }
  if (!me.login) {
    sessionStorage.setItem('sf.field.after', hash);
    go('#login');
    return;
  }
  const view = VIEWS.find(([pattern]) => pattern.test(hash));
  main.replaceChildren(notice(t('loading')));
  try {
    const element = view ? await view[1](view[0].exec(hash)) : viewHome();
    if (mine === routed) main.replaceChildren(element);
  } catch (error) {
    if (error.status === 401) { sessionStorage.setItem('sf.field.after', hash); go('#login'); return; }
    if (mine === routed) main.replaceChildren(notice(t('load_failed', { reason: error.message }), 'error'));
  }
}

langButton.addEventListener('click', () => setLang(lang() === 'en' ? 'zh' : 'en'));
logoutButton.addEventListener('click', async () => {
  await call('gateway.Gateway', 'Logout', {}).catch(() => null);
  Object.keys(me).forEach(k => delete me[k]);
  localStorage.removeItem('sf.field.me');
  queue.setLogin('');
  go('#login');
});
onLang(() => { renderStatus(); route(); });
window.addEventListener('hashchange', route);
window.addEventListener('online', renderStatus);
window.addEventListener('offline', renderStatus);
queue.onChange(renderStatus);

// Start: the session as the gateway knows it (offline: as it was), then what is queued.
async function start () {
  queue.setLogin(me.login || '');
  if (navigator.onLine) {
    try {
      await learnWho();
    } catch (error) {
      if (error.status === 401) {
        Object.keys(me).forEach(k => delete me[k]);
        localStorage.removeItem('sf.field.me');
      }
    }
  }
  const after = sessionStorage.getItem('sf.field.after');
  if (me.login && after && (location.hash === '#login' || !location.hash)) {
    sessionStorage.removeItem('sf.field.after');
    location.hash = after;
  }
  await renderStatus();
  await route();
  if (me.login) queue.flush();
}

// After a login, where the person was going (a QR code's #check/<unit>).
window.addEventListener('hashchange', () => {
  const after = sessionStorage.getItem('sf.field.after');
  if (me.login && after && location.hash === '#home') {
    sessionStorage.removeItem('sf.field.after');
    location.hash = after;
  }
});

start();

// The shell kept for opening the page offline (sw.js); browsers allow it on https and
// localhost only, elsewhere the page works as long as it stays open.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => null);

