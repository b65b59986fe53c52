// panel.js: what every panel shares: its state on the section (data-state: loading, ready,
// unavailable, error — the tests read it), the bilingual notice over it, small DOM helpers
// and the charts (ECharts from /vendor/echarts.min.js; one instance per chart for the page's
// life, updated with setOption, so memory stays flat).
import { t } from './i18n.js';

const charts = new Set();

export class Panel {
    constructor (section) {
        this.section = section;
        this.notice = section.querySelector('.notice');
        this.state('loading');
    }

    state (state, error) {
        this.section.dataset.state = state;
        if (!this.notice)
            return;
        if (state === 'unavailable') {
            this.notice.textContent = `${t('unavailable')} · ${t('unavailable_hint')}`;
            this.notice.hidden = false;
        } else if (state === 'error') {
            const forbidden = error && error.status === 403;
            this.notice.textContent = forbidden ? t('forbidden') : `${t('error')} ${error?.status ? `(${error.status})` : ''}`;
            this.notice.hidden = false;
        } else if (state === 'loading') {
            this.notice.textContent = t('loading');
            this.notice.hidden = false;
        } else {
            this.notice.hidden = true;
        }
    }

    // The board answered: draw, then say so.
    ready () {
        this.state('ready');
        this.section.dataset.updated = String(Date.now());
    }

    unavailable () {
        this.state('unavailable');
    }

    drawn () {
        return this.section.dataset.state === 'ready';
    }

    // A failed read keeps the last figures drawn and marks them stale.
    failed (error) {
        this.lastError = error;
        this.state('error', error);
    }

    // After a language switch: the notice in the new language.
    relabel () {
        this.state(this.section.dataset.state, this.lastError);
    }
}

export function el (tag, className, text) {
    const element = document.createElement(tag);
    if (className)
        element.className = className;
    if (text !== undefined)
        element.textContent = text;
    return element;
}

export function setText (root, selector, text) {
    const element = root.querySelector(selector);
    if (element)
        element.textContent = text;
}

export const COLOURS = {
    COLOUR_RED: '#e8383d',
    COLOUR_ORANGE: '#f08a24',
    COLOUR_YELLOW: '#f5d327',
    COLOUR_BLUE: '#2f7fe0',
    COLOUR_UNSPECIFIED: '#6b7a90',
};

// A chart in element, made once; null when ECharts did not load (the figures still show).
export function chart (element) {
    if (!window.echarts || !element)
        return null;
    const instance = window.echarts.getInstanceByDom(element) || window.echarts.init(element, 'dark', { renderer: 'canvas' });
    charts.add(instance);
    return instance;
}

export const AXIS = {
    axisLine: { lineStyle: { color: '#3a4d6b' } },
    axisLabel: { color: '#9fb3d1', fontSize: 14 },
    splitLine: { lineStyle: { color: '#1d2c45' } },
};

export const BASE = {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { fontFamily: 'WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif' },
    legend: { textStyle: { color: '#c7d5ea', fontSize: 14 }, top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis' },
};

addEventListener('resize', () => {
    for (const instance of charts)
        instance.resize();
});
