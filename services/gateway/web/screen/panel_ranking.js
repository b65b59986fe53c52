// panel_ranking.js: this month's assessment ranking (scoring.GetRankingBoard {plant_code,
// month}): the reply's rows in their order, a name and a total each.
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { Panel, el } from './panel.js';

const MAX_ROWS = 10;

// The first repeated field of the reply holding rows (its name may be rows, units, ranking...).
function rowsOf (board) {
    for (const value of Object.values(board))
        if (Array.isArray(value) && value.length && typeof value[0] === 'object')
            return value;
    return [];
}

function nameOf (row) {
    return pick(row.unitNameZh ?? row.nameZh, row.unitNameEn ?? row.nameEn) || row.unitCode || row.code || '';
}

function totalOf (row) {
    for (const key of ['total', 'score', 'points', 'totalPoints', 'monthTotal'])
        if (row[key] !== undefined)
            return num(row[key]);
    return 0;
}

export class RankingPanel extends Panel {
    constructor (section) {
        super(section);
        this.list = section.querySelector('.rows');
    }

    show (board) {
        const rows = rowsOf(board).slice(0, MAX_ROWS).map((row, index) => {
            const line = el('li');
            line.append(
                el('span', `rank rank-${index + 1}`, String(row.rank || index + 1)),
                el('span', 'what', nameOf(row)),
                el('span', 'when', `${totalOf(row)} ${t('ranking_score')}`));
            return line;
        });
        if (!rows.length)
            rows.push(el('li', 'empty', t('no_data')));
        this.list.replaceChildren(...rows);
        this.ready();
    }
}
