// This shift's check: a unit's tasks of today (ListTasks; a post's are its team's), a task's
// checklist (GetChecklist, every page), pass/fail per item and findings with photos for the
// failed ones, queued as inspection.RecordInspection.
import { call, readAll } from './api.js';
import { go, me, unitName } from './app.js';
import { pick, t } from './i18n.js';
import * as queue from './queue.js';
import { factorSelect, severitySelect } from './report.js';
import { field, fmtDateTime, fmtTime, h, localDate, notice, photoPicker } from './ui.js';

// The tasks last listed, by id: a task's view needs its units and window.
const tasks = JSON.parse(sessionStorage.getItem('sf.field.tasks') || '{}');

const KIND_TEXT = { TASK_CHECK: 'kind_check', TASK_PRE_SHIFT: 'kind_pre', TASK_IN_SHIFT: 'kind_in', TASK_POST_SHIFT: 'kind_post' };
const STATUS_TEXT = { TASK_OPEN: 'status_open', TASK_DONE: 'status_done', TASK_MISSED: 'status_missed' };

function staleNote (staleAt) {
  return staleAt ? notice(t('offline_copy', { time: fmtDateTime(staleAt) }), 'warn') : null;
}

// The unit whose tasks a code opens: a post's are its team's.
async function tasksUnit (code) {
  if (me.names?.[code] && me.kinds?.[code] !== 4) return { code, name: unitName(code) };
  try {
    const node = await call('directory.Directory', 'GetNode', { code });
    const name = `${pick(node.nameZh, node.nameEn)} (${code})`;
    if (node.kind === 'KIND_POST' && node.parentCode) return { code: node.parentCode, name };
    return { code, name };
  } catch (error) {
    if (error.status !== 0) throw error;
    return { code, name: code };
  }
}

async function recordedTasks () {
  const entries = await queue.list();
  return new Set(entries.filter(e => e.kind === 'record' && e.status === 'queued').map(e => String(e.body.taskId)));
}

export async function viewCheck (code, mine) {
  const unit = await tasksUnit(code);
  //  A night shift's tasks carry the date the shift began: yesterday's are listed while open.
  const now = Date.now();
  const today = localDate();
  const yesterday = localDate(new Date(now - 86400000));
  const { answer, staleAt } = await readAll('inspection.Inspection', 'ListTasks',
    { unitCode: unit.code, fromDate: yesterday, toDate: today, pageSize: 200 }, 'tasks');
  const recorded = await recordedTasks();
  const list = (answer.tasks || [])
    .filter(task => task.shiftDate === today || (task.shiftDate === yesterday && Number(task.windowEndMs) > now));
  for (const task of list) tasks[task.id] = task;
  sessionStorage.setItem('sf.field.tasks', JSON.stringify(tasks));
  return h('div', { class: 'card', id: 'check-view', 'data-unit': unit.code },
    h('h2', {}, t('tasks_today', { unit: mine ? unitName(unit.code) : unit.name, date: today })),
    staleNote(staleAt),
    list.length ? null : notice(t('no_tasks')),
    h('ul', { class: 'list' }, ...list.map(task => {
      const queued = recorded.has(String(task.id));
      const open = task.status === 'TASK_OPEN' && !queued;
      const current = open && Number(task.windowStartMs) <= now && now < Number(task.windowEndMs);
      return h('li', { class: `task ${current ? 'current' : ''}`, 'data-task': task.id },
        h('div', { class: 'row' },
          h('strong', {}, t(KIND_TEXT[task.kind] || 'kind_check')),
          h('span', { class: `badge ${queued ? 'warn' : task.status === 'TASK_DONE' ? 'ok' : task.status === 'TASK_MISSED' ? 'bad' : ''}` },
            queued ? t('status_queued') : t(STATUS_TEXT[task.status] || 'status_open'))),
        h('div', { class: 'muted' },
          task.shiftNo ? `${t('shift_n', { n: task.shiftNo })} · ` : '',
          t('window', { from: fmtTime(task.windowStartMs), to: fmtTime(task.windowEndMs) }),
          ' · ', task.planCode),
        current ? h('button', { type: 'button', class: 'primary start-check', onclick: () => go(`#task/${task.id}`) }, t('start_check')) : null);
    })));
}

// One checklist item: pass/fail, and for a fail an optional finding with photos.
function itemRow (item, task) {
  const state = { result: null };
  const description = h('textarea', { rows: 2, maxlength: 2000, class: 'finding-description' });
  const severity = severitySelect('severity');
  const factor = factorSelect('factor', item.factor);
  const photos = photoPicker(`photos-${item.key}`);
  const finding = h('div', { class: 'finding', hidden: true },
    h('p', { class: 'muted' }, t('finding_for_item')),
    photos.element, field(t('description'), description), field(t('factor'), factor), field(t('severity'), severity));
  const pass = h('button', { type: 'button', class: 'toggle pass' }, t('pass'));
  const fail = h('button', { type: 'button', class: 'toggle fail' }, t('fail'));
  function set (result) {
    state.result = state.result === result ? null : result;
    pass.classList.toggle('on', state.result === true);
    fail.classList.toggle('on', state.result === false);
    finding.hidden = state.result !== false;
  }
  pass.addEventListener('click', () => set(true));
  fail.addEventListener('click', () => set(false));
  const colour = (item.colour || 'COLOUR_UNSPECIFIED').replace('COLOUR_', '').toLowerCase();
  const element = h('li', { class: 'item', 'data-key': item.key },
    h('div', { class: 'row' }, h('span', { class: `dot ${colour}` }), h('span', { class: 'text' }, pick(item.textZh, item.textEn))),
    h('div', { class: 'row toggles' }, pass, fail), finding);
  return {
    element,
    result: () => state.result === null ? null : { key: item.key, passed: state.result },
    finding: () => state.result === false && description.value.trim()
      ? {
          input: {
            description: description.value.trim(), factor: factor.value, severity: severity.value,
            responsibleUnit: task.targetUnit,
            hazardKey: item.key, location: unitName(task.targetUnit), attachments: [],
          },
          photos: photos.photos(),
        }
      : null,
  };
}

export async function viewTask (id) {
  const task = tasks[id];
  if (!task) return notice(t('unknown_task'), 'error');
  const { answer, staleAt } = await readAll('inspection.Inspection', 'GetChecklist', { taskId: id, pageSize: 500 }, 'items');
  const rows = (answer.items || []).map(item => itemRow(item, task));
  const remarks = h('textarea', { rows: 2, maxlength: 2000, name: 'remarks' });
  const out = h('div', {});
  const form = h('form', { class: 'card', id: 'task-form', 'data-task': id },
    h('h2', {}, `${t(KIND_TEXT[task.kind] || 'kind_check')} · ${unitName(task.targetUnit)}`),
    h('p', { class: 'muted' }, t('window', { from: fmtTime(task.windowStartMs), to: fmtTime(task.windowEndMs) }), ' · ', task.planCode),
    staleNote(staleAt),
    h('h3', {}, t('checklist')),
    rows.length ? h('ol', { class: 'list items' }, ...rows.map(r => r.element)) : notice(t('no_items')),
    field(t('remarks'), remarks),
    h('button', { type: 'submit', class: 'primary', id: 'record-submit' }, t('record_submit')),
    out);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const results = rows.map(r => r.result()).filter(Boolean);
    if (rows.length && !results.length) { out.replaceChildren(notice(t('need_result'), 'error')); return; }
    const findings = rows.map(r => r.finding()).filter(Boolean);
    if (findings.some(f => !f.input.factor)) { out.replaceChildren(notice(t('need_factor'), 'error')); return; }
    const body = { taskId: id, results, findings: findings.map(f => f.input), remarks: remarks.value.trim() };
    const photos = findings.flatMap((f, i) => f.photos.map(blob => ({ blob, to: `findings.${i}` })));
    const label = `${t(KIND_TEXT[task.kind] || 'kind_check')} · ${unitName(task.targetUnit)} · ${task.shiftDate}`;
    await queue.add('record', body, photos, label);
    form.replaceWith(h('div', { class: 'card' }, notice(t('record_queued'), 'ok'),
      h('p', {}, h('a', { href: '#queue', class: 'button secondary' }, t('home_queue')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('back')))));
  });
  return form;
}
