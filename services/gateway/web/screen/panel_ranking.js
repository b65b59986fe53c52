// panel_ranking.js: this month's assessment ranking (scoring.GetRankingBoard {plant_code,
// month ""}: the current month in the plant's zone): rank, unit (enterprise-wide: plant),
// points (the reply's centipoints / 100) and tier; a month not closed yet is provisional.
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { Panel, el, setText } from './panel.js';

const MAX_ROWS = 14;

function points (centipoints) {
    return String(Math.round(num(centipoints)) / 100);
}

export class RankingPanel extends Panel {
    constructor (section) {
        super(section);
        this.list = section.querySelector('.rows');
    }

    show (board) {
        setText(this.section, '[data-figure="month"]',
                `${board.month || ''} ${board.closed ? t('ranking_closed') : t('ranking_running')}`.trim());
        const rows = (board.rows || []).slice(0, MAX_ROWS).map((row) => {
            const rank = num(row.rank);
            const line = el('li');
            line.append(
                el('span', `rank rank-${rank}`, String(rank || '–')),
                el('span', 'what', pick(row.unitNameZh, row.unitNameEn) || row.unitCode || ''),
                el('span', 'tier', pick(row.tierNameZh, row.tierNameEn)),
                el('span', 'when', `${points(row.points)} ${t('ranking_score')}`));
            return line;
        });
        if (!rows.length)
            rows.push(el('li', 'empty', t('no_data')));
        this.list.replaceChildren(...rows);
        this.ready();
    }
}
