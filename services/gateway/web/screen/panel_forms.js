// panel_forms.js: rectification forms overdue and due this week by unit
// (rectification.GetFormBoard: units, the totals; enterprise-wide the units are plants).
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { AXIS, BASE, Panel, chart, setText } from './panel.js';

const MAX_UNITS = 8;

export class FormsPanel extends Panel {
    constructor (section) {
        super(section);
        this.chart = chart(section.querySelector('.chart'));
    }

    show (board) {
        // The units most behind first: overdue, then due this week, then open (the chart draws
        // the first at the top).
        const units = [...(board.units || [])]
            .sort((a, b) => num(b.overdue) - num(a.overdue) || num(b.dueThisWeek) - num(a.dueThisWeek)
                            || num(b.open) - num(a.open))
            .slice(0, MAX_UNITS).reverse();
        const overdue = num(board.overdueTotal);
        setText(this.section, '[data-figure="overdue"]', String(overdue));
        setText(this.section, '[data-figure="due_week"]', String(num(board.dueThisWeekTotal)));
        setText(this.section, '[data-figure="open"]', String(num(board.openTotal)));
        this.section.querySelector('[data-figure="overdue"]')?.classList.toggle('alarm', overdue > 0);
        if (this.chart)
            this.chart.setOption({
                ...BASE,
                grid: { left: 120, right: 16, top: 36, bottom: 20 },
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                xAxis: { type: 'value', minInterval: 1, ...AXIS },
                yAxis: { type: 'category', data: units.map((u) => pick(u.unitNameZh, u.unitNameEn) || u.unitCode), ...AXIS },
                series: [
                    { name: t('forms_overdue'), type: 'bar', stack: 'f', itemStyle: { color: '#e8383d' }, data: units.map((u) => num(u.overdue)) },
                    { name: t('forms_due_week'), type: 'bar', stack: 'f', itemStyle: { color: '#f5d327' }, data: units.map((u) => num(u.dueThisWeek)) },
                    { name: t('forms_other_open'), type: 'bar', stack: 'f', itemStyle: { color: '#4a6d9c' },
                      data: units.map((u) => Math.max(0, num(u.open) - num(u.overdue) - num(u.dueThisWeek))) },
                ],
            });
        this.ready();
    }
}
