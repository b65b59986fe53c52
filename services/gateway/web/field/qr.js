// The printable sheet of a plant's QR codes (qr.html?plant=P01, signed in): every team and
// post of the plant (directory ListSubtree through the gateway), each with its code
// (/m/qr.svg of /m/#check/<unit>) and its names in Chinese and English.
import { ApiError, readAll } from './api.js';
import { lang, onLang, pick, setLang, t } from './i18n.js';
import { h } from './ui.js';

const plant = new URLSearchParams(location.search).get('plant') || '';
const sheet = document.getElementById('sheet');
const KINDS = { KIND_TEAM: { zh: '班组', en: 'Team' }, KIND_POST: { zh: '岗位', en: 'Post' } };
let nodes = null;
let plantName = null;
let failure = '';

function render () {
  const title = t('qr_title', { plant: plantName ? `${pick(plantName.zh, plantName.en)} (${plant})` : plant });
  document.title = title;
  document.getElementById('heading').textContent = title;
  document.getElementById('hint').textContent = t('qr_hint');
  document.getElementById('print').textContent = t('qr_print');
  document.getElementById('lang').textContent = lang() === 'en' ? '中文' : 'EN';
  if (failure) { sheet.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure)); return; }
  if (!nodes) return;
  const byCode = Object.fromEntries(nodes.map(node => [node.code, node]));
  sheet.replaceChildren(...nodes.map(node => {
    const path = `/m/#check/${node.code}`;
    // A post is named within its team (every team may have an 操作岗).
    const team = node.kind === 'KIND_POST' ? byCode[node.parentCode] : null;
    return h('figure', { class: 'code', 'data-unit': node.code },
      h('img', { src: `/m/qr.svg?path=${encodeURIComponent(path)}`, alt: path }),
      h('figcaption', {},
        h('div', { class: 'zh' }, team ? `${team.nameZh} · ${node.nameZh}` : node.nameZh),
        h('div', { class: 'en' }, team && team.nameEn && node.nameEn ? `${team.nameEn} · ${node.nameEn}` : node.nameEn || ''),
        h('div', { class: 'kind' }, pick(KINDS[node.kind].zh, KINDS[node.kind].en), ' · ', h('span', { class: 'unit' }, node.code))));
  }));
}

async function load () {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(plant)) { failure = t('qr_need_plant'); return; }
  try {
    const { answer } = await readAll('directory.Directory', 'ListSubtree', { code: plant, pageSize: 1000 }, 'nodes');
    const root = (answer.nodes || []).find(n => n.code === plant);
    if (root) plantName = { zh: root.nameZh, en: root.nameEn };
    nodes = (answer.nodes || []).filter(n => KINDS[n.kind]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      location.href = `/m/#login`;
      sessionStorage.setItem('sf.field.after', '#home');
      return;
    }
    failure = error.message;
  }
}

document.getElementById('print').addEventListener('click', () => window.print());
document.getElementById('lang').addEventListener('click', () => setLang(lang() === 'en' ? 'zh' : 'en'));
onLang(render);
render();
load().then(render);
