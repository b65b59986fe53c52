// panel_trend.js: hidden hazards reported and closed per day over the last 30 days
// (inspection.GetHazardBoard: trend).
import { num } from './api.js';
import { t } from './i18n.js';
import { AXIS, BASE, Panel, chart } from './panel.js';

export class TrendPanel extends Panel {
    constructor (section) {
        super(section);
        this.chart = chart(section.querySelector('.chart'));
    }

    show (board) {
        const days = board.trend || [];
        if (this.chart)
            this.chart.setOption({
                ...BASE,
                xAxis: { type: 'category', data: days.map((d) => (d.day || '').slice(5)), ...AXIS },
                yAxis: { type: 'value', minInterval: 1, ...AXIS },
                series: [
                    { name: t('trend_opened'), type: 'line', symbol: 'none', areaStyle: { color: 'rgba(240, 138, 36, 0.18)' },
                      itemStyle: { color: '#f08a24' }, data: days.map((d) => num(d.opened)) },
                    { name: t('trend_closed'), type: 'line', symbol: 'none',
                      itemStyle: { color: '#3ccf8e' }, data: days.map((d) => num(d.closed)) },
                ],
            });
        this.ready();
    }
}
