// ticker.js: the live ticker: the last 50 events, newest first, each shown the moment it
// arrives. The list is bounded (the oldest row leaves as a new one comes) and an event seen
// again (a replay after a reconnect) is shown once.
import { num } from './api.js';
import { has, pick, t } from './i18n.js';
import { el } from './panel.js';

const MAX_ROWS = 50;

function detailOf (payload) {
    if (!payload || typeof payload !== 'object')
        return '';
    const head = payload.number || payload.findingNumber || payload.code || '';
    const text = payload.description || pick(payload.titleZh, payload.titleEn) || pick(payload.nameZh, payload.nameEn) || '';
    return [head, text].filter(Boolean).join(' · ').slice(0, 120);
}

// The first photo an event's finding or form names (attachments "sha256:<hex>"): its thumbnail
// is shown beside the row (GET /api/v1/files/<hex>?thumb=1, served within the screen's scope).
function photoOf (payload) {
    for (const ref of payload?.attachments || []) {
        const match = /^sha256:([0-9a-f]{64})$/.exec(ref);
        if (match)
            return match[1];
    }
    return '';
}

function clock (ms) {
    const at = new Date(ms);
    return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export class Ticker {
    constructor (section) {
        this.section = section;
        this.list = section.querySelector('ol');
        this.items = [];
        this.seen = new Set();
        this.count = 0;
        this.list.replaceChildren(el('li', 'waiting', t('ticker_waiting')));
    }

    row (item) {
        const key = `event_${item.type}`;
        const line = el('li', [item.major ? 'major' : '', item.photo ? 'with-photo' : ''].filter(Boolean).join(' '));
        line.dataset.type = item.type;
        if (item.photo) {
            const img = el('img', 'photo');
            img.src = `/api/v1/files/${item.photo}?thumb=1`;
            img.alt = '';
            img.loading = 'lazy';
            img.decoding = 'async';
            line.append(img);
        }
        line.append(
            el('time', '', clock(item.at)),
            el('span', 'kind', has(key) ? t(key) : t('event_other')),
            el('span', 'plant', item.plant),
            el('span', 'detail', item.detail));
        return line;
    }

    add (type, data) {
        const id = data?.event?.eventId || '';
        if (id && this.seen.has(id))
            return;
        const item = {
            id,
            type,
            plant: data?.event?.plant || '',
            at: num(data?.event?.occurredMs) || Date.now(),
            detail: detailOf(data?.payload),
            photo: photoOf(data?.payload),
            major: type === 'inspection.major_hazard_found' || data?.payload?.severity === 'SEVERITY_MAJOR',
        };
        if (!this.items.length)
            this.list.replaceChildren();
        this.items.unshift(item);
        if (id)
            this.seen.add(id);
        this.list.prepend(this.row(item));
        while (this.items.length > MAX_ROWS) {
            const gone = this.items.pop();
            this.seen.delete(gone.id);
            this.list.lastElementChild?.remove();
        }
        this.count++;
        this.section.dataset.count = String(this.count);
    }

    redraw () {
        if (this.items.length)
            this.list.replaceChildren(...this.items.map((item) => this.row(item)));
        else
            this.list.replaceChildren(el('li', 'waiting', t('ticker_waiting')));
    }
}
