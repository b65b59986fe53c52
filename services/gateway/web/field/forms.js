// My unit's open forms (rectification ListForms), one form (GetForm) and its evidence with
// photos, queued as rectification.SubmitEvidence.
import { fileUrl, read, readAll } from './api.js';
import { me, unitName } from './app.js';
import { t } from './i18n.js';
import * as queue from './queue.js';
import { field, fmtDateTime, h, img, notice, photoPicker } from './ui.js';

function staleNote (staleAt) {
  return staleAt ? notice(t('offline_copy', { time: fmtDateTime(staleAt) }), 'warn') : null;
}

export async function viewForms () {
  const { answer, staleAt } = await readAll('rectification.Rectification', 'ListForms',
    { unitCode: me.unit, openOnly: true, pageSize: 100 }, 'forms');
  const forms = answer.forms || [];
  return h('div', { class: 'card', id: 'forms-view' },
    h('h2', {}, t('forms_title', { unit: unitName(me.unit) })),
    staleNote(staleAt),
    forms.length ? null : notice(t('no_forms')),
    h('ul', { class: 'list' }, ...forms.map(form => h('li', { 'data-form': form.number },
      h('a', { href: `#form/${form.number}`, class: 'row' },
        h('strong', {}, form.number), h('span', { class: 'badge' }, t(`form_status_${form.status}`))),
      h('div', {}, form.description),
      h('div', { class: 'muted' }, t('deadline'), ': ', fmtDateTime(form.deadlineMs))))));
}

// Yuan as typed ("12.5") → fen (1250), or null.
function fen (text) {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim() || '0');
  return match ? Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0')) : null;
}

export async function viewForm (number) {
  const { answer: form, staleAt } = await read('rectification.Rectification', 'GetForm', { number });
  const head = [
    h('h2', {}, form.number, ' ', h('span', { class: 'badge' }, t(`form_status_${form.status}`))),
    staleNote(staleAt),
    h('p', {}, form.description),
    form.location ? h('p', { class: 'muted' }, form.location) : null,
    form.requirement ? h('p', {}, t('requirement'), ': ', form.requirement) : null,
    h('p', { class: 'muted' }, t('responsible_unit'), ': ', unitName(form.responsibleUnit), ' · ', t('deadline'), ': ',
      fmtDateTime(form.deadlineMs)),
    h('div', { class: 'thumbs' }, ...(form.attachments || []).filter(ref => ref.startsWith('sha256:'))
      .map(ref => h('a', { href: fileUrl(ref), target: '_blank' }, img(fileUrl(ref, true))))),
  ];
  if (form.status !== 'FORM_IN_RECTIFICATION') {
    return h('div', { class: 'card', id: 'form-view' }, ...head, notice(t('evidence_not_now')));
  }
  const text = h('textarea', { rows: 3, maxlength: 2000, name: 'evidence' });
  const cost = h('input', { name: 'cost', inputmode: 'decimal', value: '0' });
  const photos = photoPicker('evidence-photos');
  const out = h('div', {});
  const element = h('form', { class: 'card', id: 'form-view' }, ...head,
    h('h3', {}, t('evidence')), photos.element, field(t('evidence_text'), text), field(t('cost_yuan'), cost),
    h('button', { type: 'submit', class: 'primary', id: 'evidence-submit' }, t('evidence_submit')), out);
  element.addEventListener('submit', async event => {
    event.preventDefault();
    if (!text.value.trim()) { out.replaceChildren(notice(t('need_evidence_text'), 'error')); return; }
    const costFen = fen(cost.value);
    if (costFen === null) { out.replaceChildren(notice(t('bad_cost'), 'error')); return; }
    const body = { number: form.number, evidence: { text: text.value.trim(), costFen: String(costFen), attachments: [] } };
    await queue.add('evidence', body, photos.photos().map(blob => ({ blob, to: 'evidence' })), `${form.number} · ${text.value.trim().slice(0, 40)}`);
    element.replaceWith(h('div', { class: 'card' }, notice(t('evidence_queued'), 'ok'),
      h('p', {}, h('a', { href: '#queue', class: 'button secondary' }, t('home_queue')))));
  });
  return element;
}
