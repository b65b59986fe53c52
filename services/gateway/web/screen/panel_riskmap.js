// panel_riskmap.js: the risk map by colour per unit (四色图): each unit of the plant with a
// hazard list in the colour of its most dangerous grade (inspection.GetHazardBoard: risk_map;
// enterprise-wide: each plant's worst colour).
import { pick, t } from './i18n.js';
import { COLOURS, Panel, el } from './panel.js';

const MAX_TILES = 48;

export class RiskMapPanel extends Panel {
    constructor (section) {
        super(section);
        this.tiles = section.querySelector('.tiles');
    }

    show (board) {
        const plants = board.plants || [];
        const units = plants.length
            ? plants.filter((p) => p.worstGrade).map((p) => ({
                name: pick(p.nameZh, p.nameEn) || p.plantCode, grade: p.worstGrade, colour: p.worstColour }))
            : (board.riskMap || []).map((u) => ({
                name: pick(u.unitNameZh, u.unitNameEn) || u.unitCode, grade: u.grade, colour: u.colour }));
        const tiles = units.slice(0, MAX_TILES).map((unit) => {
            const colour = unit.colour || 'COLOUR_UNSPECIFIED';
            const tile = el('div', `tile ${colour.toLowerCase()}`);
            tile.style.setProperty('--tile', COLOURS[colour] || COLOURS.COLOUR_UNSPECIFIED);
            tile.append(el('span', 'name', unit.name), el('span', 'grade', t('riskmap_grade', { g: unit.grade || '—' })));
            tile.title = t(`colour_${colour}`);
            return tile;
        });
        if (units.length > MAX_TILES)
            tiles.push(el('div', 'tile more', `+${units.length - MAX_TILES}`));
        if (!tiles.length)
            tiles.push(el('p', 'empty', t('no_data')));
        this.tiles.replaceChildren(...tiles);
        this.ready();
    }
}
