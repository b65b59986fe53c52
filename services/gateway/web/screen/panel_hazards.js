// panel_hazards.js: open hidden hazards by grade (severity) and risk colour, with the total and
// the major ones (inspection.GetHazardBoard: open_findings, open_total).
import { num } from './api.js';
import { t } from './i18n.js';
import { AXIS, BASE, COLOURS, Panel, chart, setText } from './panel.js';

const SEVERITIES = ['SEVERITY_GENERAL', 'SEVERITY_MAJOR'];
const COLOUR_ORDER = ['COLOUR_RED', 'COLOUR_ORANGE', 'COLOUR_YELLOW', 'COLOUR_BLUE', 'COLOUR_UNSPECIFIED'];

export class HazardsPanel extends Panel {
    constructor (section) {
        super(section);
        this.chart = chart(section.querySelector('.chart'));
    }

    show (board) {
        const counts = board.openFindings || [];
        const cell = (severity, colour) => counts
            .filter((c) => (c.severity || 'SEVERITY_UNSPECIFIED') === severity && (c.colour || 'COLOUR_UNSPECIFIED') === colour)
            .reduce((sum, c) => sum + num(c.open), 0);
        const major = counts.filter((c) => c.severity === 'SEVERITY_MAJOR').reduce((sum, c) => sum + num(c.open), 0);
        setText(this.section, '[data-figure="open_total"]', String(num(board.openTotal)));
        setText(this.section, '[data-figure="open_major"]', String(major));
        this.section.querySelector('[data-figure="open_major"]')?.classList.toggle('alarm', major > 0);
        if (this.chart)
            this.chart.setOption({
                ...BASE,
                grid: { left: 48, right: 16, top: 40, bottom: 28 },
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                xAxis: { type: 'category', data: SEVERITIES.map((s) => t(`severity_${s}`)), ...AXIS },
                yAxis: { type: 'value', minInterval: 1, ...AXIS },
                series: COLOUR_ORDER.map((colour) => ({
                    name: t(`colour_short_${colour}`),
                    type: 'bar',
                    stack: 'open',
                    barWidth: '40%',
                    itemStyle: { color: COLOURS[colour] },
                    data: SEVERITIES.map((severity) => cell(severity, colour)),
                })),
            }, { notMerge: false, lazyUpdate: false });
        this.ready();
    }
}
