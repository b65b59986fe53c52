// What is queued, sent and failed, newest first.
import { fileUrl } from './api.js';
import { t } from './i18n.js';
import * as queue from './queue.js';
import { fmtDateTime, h, img, notice } from './ui.js';

export async function viewQueue () {
  const container = h('div', { class: 'card', id: 'queue-view' });
  let stop = null;
  async function render () {
    if (!container.isConnected && container.dataset.shown) { stop?.(); return; }
    container.dataset.shown = '1';
    const entries = (await queue.list()).sort((a, b) => b.id - a.id);
    container.replaceChildren(...[h('h2', {}, t('queue_title')),
      entries.length ? null : notice(t('queue_empty')),
      h('ul', { class: 'list' }, ...entries.map(entry => h('li', { class: `entry ${entry.status}`, 'data-key': entry.key },
        h('div', { class: 'row' },
          h('strong', {}, t(`kind_${entry.kind}`)),
          h('span', { class: `badge ${entry.status === 'sent' ? 'ok' : entry.status === 'failed' ? 'bad' : 'warn'}` },
            t(`q_${entry.status}`))),
        h('div', {}, entry.label || ''),
        h('div', { class: 'muted' }, fmtDateTime(entry.created), ' · ', entry.key),
        entry.result ? h('div', { class: 'result' }, t('q_result', { text: entry.result })) : null,
        entry.error && entry.status !== 'sent' ? h('div', { class: 'muted' }, t('q_attempts', { n: entry.attempts, reason: entry.error })) : null,
        h('div', { class: 'thumbs' }, ...entry.photos.filter(p => p.ref).map(p => img(fileUrl(p.ref, true)))),
        entry.status === 'failed'
          ? h('button', { type: 'button', class: 'small', onclick: async () => { await queue.remove(entry.id); } }, t('discard'))
          : null))),
      h('button', { type: 'button', class: 'secondary', id: 'retry-now', onclick: () => queue.resume() }, t('retry_now'))]
      .filter(Boolean));
  }
  stop = queue.onChange(render);
  await render();
  return container;
}
