// 随手拍: a hidden hazard with photos, its place, severity and responsible unit (default: my
// unit), queued as inspection.ReportFinding (source report).
import { go, me, unitName } from './app.js';
import { t } from './i18n.js';
import * as queue from './queue.js';
import { field, h, notice, photoPicker } from './ui.js';

export function severitySelect (name) {
  return h('select', { name },
    h('option', { value: 'SEVERITY_GENERAL' }, t('severity_general')),
    h('option', { value: 'SEVERITY_MAJOR' }, t('severity_major')));
}

const FACTORS = ['FACTOR_MAN', 'FACTOR_MACHINE', 'FACTOR_MATERIAL', 'FACTOR_METHOD', 'FACTOR_ENVIRONMENT'];

// 人机料法环: which of the five a hazard lies in (the daemon needs one).
export function factorSelect (name, preferred = '') {
  const select = h('select', { name },
    h('option', { value: '' }, t('factor_choose')),
    ...FACTORS.map(f => h('option', { value: f }, t(`factor_${f}`))));
  select.value = FACTORS.includes(preferred) ? preferred : '';
  return select;
}

// The units one may name: mine and the ones above it up to the plant, mine first.
export function unitSelect (name, preferred) {
  const codes = Object.keys(me.names || {}).filter(code => (me.kinds?.[code] ?? 0) >= 1 && (me.kinds?.[code] ?? 9) <= 4);
  codes.sort((a, b) => (me.kinds[b] ?? 0) - (me.kinds[a] ?? 0));
  if (preferred && !codes.includes(preferred)) codes.unshift(preferred);
  const select = h('select', { name }, ...codes.map(code => h('option', { value: code }, unitName(code))));
  select.value = preferred || me.unit;
  return select;
}

export function viewReport () {
  const description = h('textarea', { name: 'description', rows: 3, maxlength: 2000, required: true });
  const location = h('input', { name: 'location', maxlength: 200 });
  const severity = severitySelect('severity');
  const factor = factorSelect('factor');
  const unit = unitSelect('responsible_unit', me.unit);
  const photos = photoPicker('photos');
  const out = h('div', {});
  const form = h('form', { class: 'card', id: 'report-form' },
    h('h2', {}, t('home_report')),
    photos.element,
    field(t('description'), description),
    field(t('location'), location),
    field(t('factor'), factor),
    field(t('severity'), severity),
    field(t('responsible_unit'), unit),
    h('button', { type: 'submit', class: 'primary', id: 'report-submit' }, t('submit')),
    out);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!description.value.trim()) { out.replaceChildren(notice(t('need_description'), 'error')); return; }
    if (!factor.value) { out.replaceChildren(notice(t('need_factor'), 'error')); return; }
    if (!unit.value) { out.replaceChildren(notice(t('need_unit'), 'error')); return; }
    const body = {
      finding: {
        description: description.value.trim(), factor: factor.value, location: location.value.trim(), severity: severity.value,
        responsibleUnit: unit.value, attachments: [],
      },
      source: 'SOURCE_REPORT',
    };
    const entry = await queue.add('report', body, photos.photos().map(blob => ({ blob, to: 'finding' })),
      description.value.trim().slice(0, 60));
    form.replaceWith(h('div', { class: 'card' },
      notice(t('report_queued', { key: entry.key }), 'ok'),
      h('p', {}, h('a', { href: '#queue', class: 'button secondary' }, t('home_queue')),
        h('button', { type: 'button', class: 'secondary', onclick: () => go('#home') }, t('back')))));
  });
  return form;
}
