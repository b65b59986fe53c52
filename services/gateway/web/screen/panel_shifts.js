// panel_shifts.js: today's routine checks per shift (done, open, missed) and the checks missed
// today (inspection.GetHazardBoard: shifts, missed_today; enterprise-wide: per plant).
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { AXIS, BASE, Panel, chart, setText } from './panel.js';

export class ShiftsPanel extends Panel {
    constructor (section) {
        super(section);
        this.chart = chart(section.querySelector('.chart'));
    }

    rows (board) {
        if (board.plants && board.plants.length)
            return board.plants.map((p) => ({
                label: pick(p.nameZh, p.nameEn) || p.plantCode,
                done: num(p.doneToday),
                missed: num(p.missedToday),
                open: Math.max(0, num(p.dueToday) - num(p.doneToday) - num(p.missedToday)),
                due: num(p.dueToday),
            }));
        return (board.shifts || []).map((s) => ({
            label: t('shifts_shift', { n: s.shiftNo || 0 }),
            done: num(s.done),
            missed: num(s.missed),
            open: num(s.open),
            due: num(s.due),
        }));
    }

    show (board) {
        const rows = this.rows(board);
        const due = rows.reduce((sum, r) => sum + r.due, 0);
        const done = rows.reduce((sum, r) => sum + r.done, 0);
        const missed = num(board.missedToday);
        setText(this.section, '[data-figure="rate"]', due ? `${Math.floor((done * 100) / due)}%` : '—');
        setText(this.section, '[data-figure="done"]', `${done}/${due}`);
        setText(this.section, '[data-figure="missed"]', String(missed));
        this.section.querySelector('[data-figure="missed"]')?.classList.toggle('alarm', missed > 0);
        if (this.chart)
            this.chart.setOption({
                ...BASE,
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                xAxis: { type: 'category', data: rows.map((r) => r.label), ...AXIS },
                yAxis: { type: 'value', minInterval: 1, ...AXIS },
                series: [
                    { name: t('shifts_done'), type: 'bar', stack: 's', itemStyle: { color: '#3ccf8e' }, data: rows.map((r) => r.done) },
                    { name: t('shifts_open'), type: 'bar', stack: 's', itemStyle: { color: '#4a6a94' }, data: rows.map((r) => r.open) },
                    { name: t('shifts_missed'), type: 'bar', stack: 's', itemStyle: { color: '#e8383d' }, data: rows.map((r) => r.missed) },
                ],
            }, { replaceMerge: ['series'] });
        this.ready();
    }
}
