// The instructor's grid: a row per learner, a column per step. A `room` message comes every second for up to
// ~50 x 20 cells, so rows are kept by learner and only what changed is touched (room-grid-model.ts says what);
// the table is rebuilt only when the steps change. Clicks are delegated: one listener for every row's buttons.
import type { RoomView } from '../../server/common/classroom-protocol.js';
import { words } from '../i18n/words.js';
import { h } from '../lesson/dom.js';
import { diffRows, gridRows, sameCell, stepsKey, type CellView, type RowView } from './room-grid-model.js';

export interface RoomGridActions {
  watch(learnerId: string, name: string): void;
  extend(learnerId: string): void;
}

interface RowDom {
  tr: HTMLTableRowElement;
  watch: HTMLButtonElement;
  name: HTMLElement;
  presence: HTMLElement;
  stuck: HTMLElement;
  state: HTMLTableCellElement;
  time: HTMLTableCellElement;
  score: HTMLTableCellElement;
  cells: HTMLTableCellElement[];
  extend: HTMLButtonElement;
  view: RowView;
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function drawCell(td: HTMLTableCellElement, cell: CellView): void {
  const wasOpen = td.querySelector('details')?.open ?? false;
  td.dataset['kind'] = cell.kind;
  td.title = cell.label;
  // The mark is for the eye; screen readers get the words instead of "check mark".
  const mark = h('span', { class: 'cell-mark', text: cell.text, attrs: { 'aria-hidden': 'true' } });
  const words = h('span', { class: 'sr-only', text: cell.label });
  if (cell.detail === undefined) {
    td.replaceChildren(mark, words);
    return;
  }
  // The last hint, one click (or Enter) away; a redraw keeps it open if the instructor had opened it.
  const details = h('details', { class: 'cell-detail' }, [h('summary', {}, [mark, words]), h('p', { text: cell.detail })]);
  details.open = wasOpen;
  td.replaceChildren(details);
}

export class RoomGrid {
  private readonly rows = new Map<string, RowDom>();
  private order: string[] = [];
  private columns = '';
  private watched: string | undefined;
  private last: RoomView | undefined;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly empty: HTMLElement,
    private readonly actions: RoomGridActions,
  ) {
    if (!table.tBodies[0]) table.append(h('tbody'));
    table.addEventListener('click', (ev) => this.onClick(ev));
  }

  /** The learner whose terminal is shown (highlighted, its button pressed), or undefined. */
  setWatched(learnerId: string | undefined): void {
    this.watched = learnerId;
    for (const [id, row] of this.rows) this.markWatched(id, row);
  }

  /** Draws the room anew in the page's current words (after a language switch). */
  redraw(): void {
    this.columns = '';
    if (this.last) this.render(this.last);
  }

  render(room: RoomView): void {
    this.last = room;
    const body = this.body();
    const key = stepsKey(room.steps);
    if (key !== this.columns) {
      // Other steps (another lesson): every row's cells would change; draw it all anew.
      this.columns = key;
      this.drawHead(room);
      body.replaceChildren();
      this.rows.clear();
      this.order = [];
    }
    const next = gridRows(room, words().instructor.grid);
    const views = new Map(Array.from(this.rows, ([id, row]) => [id, row.view]));
    const patch = diffRows(views, this.order, next);
    for (const id of patch.removed) {
      this.rows.get(id)?.tr.remove();
      this.rows.delete(id);
    }
    const byId = new Map(next.map((row) => [row.id, row]));
    for (const id of patch.changed) {
      const dom = this.rows.get(id);
      const view = byId.get(id);
      if (dom && view) this.update(dom, view);
    }
    for (const id of patch.added) {
      const view = byId.get(id);
      if (!view) continue;
      const dom = this.create(view);
      this.rows.set(id, dom);
      body.append(dom.tr);
    }
    if (patch.reordered) {
      // appendChild moves a row: in the wanted order, each row lands after the one before it.
      for (const row of next) {
        const tr = this.rows.get(row.id)?.tr;
        if (tr) body.append(tr);
      }
    }
    this.order = next.map((r) => r.id);
    this.empty.hidden = next.length > 0;
  }

  private body(): HTMLTableSectionElement {
    const body = this.table.tBodies[0];
    if (!body) throw new Error('kubeclass: the grid lost its tbody');
    return body;
  }

  private drawHead(room: RoomView): void {
    const c = words().instructor;
    const col = (text: string, className: string, title?: string): HTMLTableCellElement =>
      h('th', { class: className, text, attrs: { scope: 'col', title } });
    const stepHeads = room.steps.map((step, i) =>
      h('th', { class: 'col-step', attrs: { scope: 'col', title: step.title } }, [
        h('span', { class: 'step-number', text: String(i + 1), attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'step-title', text: step.title }),
      ]),
    );
    const head = this.table.tHead ?? this.table.createTHead();
    head.replaceChildren(
      h('tr', {}, [
        col(c.columns.learner, 'col-learner'),
        col(c.columns.state, 'col-state'),
        col(c.columns.time, 'col-time', c.columns.timeHint),
        col(c.columns.score, 'col-score'),
        ...stepHeads,
        col(c.columns.seat, 'col-seat'),
      ]),
    );
  }

  private create(view: RowView): RowDom {
    const c = words().instructor;
    const presence = h('span', { class: 'presence', attrs: { role: 'img' } });
    const name = h('span', { class: 'learner-name' });
    const watch = h('button', { class: 'learner-watch', attrs: { type: 'button', 'data-action': 'watch', 'data-learner': view.id } }, [presence, name]);
    const stuck = h('span', { class: 'stuck-reason' });
    const extend = h('button', { class: 'extend-seat', text: c.extend, attrs: { type: 'button', 'data-action': 'extend', 'data-learner': view.id } });
    const state = h('td', { class: 'col-state' });
    const time = h('td', { class: 'col-time' });
    const score = h('td', { class: 'col-score' });
    const cells = view.cells.map(() => h('td', { class: 'cell' }));
    const tr = h('tr', { attrs: { 'data-learner': view.id } }, [
      h('th', { class: 'col-learner', attrs: { scope: 'row' } }, [watch, stuck]),
      state,
      time,
      score,
      ...cells,
      h('td', { class: 'col-seat' }, [extend]),
    ]);
    const dom: RowDom = { tr, watch, name, presence, stuck, state, time, score, cells, extend, view };
    this.update(dom, view, true);
    this.markWatched(view.id, dom);
    return dom;
  }

  private update(dom: RowDom, view: RowView, fresh = false): void {
    const c = words().instructor;
    const before = dom.view;
    if (fresh || before.name !== view.name || before.online !== view.online) {
      setText(dom.name, view.name);
      dom.presence.dataset['online'] = String(view.online);
      dom.presence.setAttribute('aria-label', view.online ? c.online : c.offline);
      dom.presence.title = view.online ? c.online : c.offline;
      dom.watch.title = c.watch(view.name);
      dom.extend.setAttribute('aria-label', c.extendLabel(view.name));
    }
    if (fresh || before.stuck !== view.stuck) {
      dom.tr.classList.toggle('stuck', view.stuck !== undefined);
      dom.stuck.hidden = view.stuck === undefined;
      setText(dom.stuck, view.stuck === undefined ? '' : c.stuck(view.stuck));
    }
    if (fresh || before.expired !== view.expired) {
      dom.tr.classList.toggle('expired', view.expired);
      // A reclaimed seat has nothing left to extend.
      dom.extend.disabled = view.expired;
    }
    setText(dom.state, view.state);
    setText(dom.time, view.stepTime);
    setText(dom.score, view.score);
    view.cells.forEach((cell, i) => {
      const td = dom.cells[i];
      const old = before.cells[i];
      if (td && (fresh || !old || !sameCell(old, cell))) drawCell(td, cell);
    });
    dom.view = view;
  }

  private markWatched(id: string, row: RowDom): void {
    const on = id === this.watched;
    row.tr.classList.toggle('watched', on);
    row.watch.setAttribute('aria-pressed', String(on));
  }

  private onClick(ev: MouseEvent): void {
    const target = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('button[data-action]') : null;
    const id = target?.dataset['learner'];
    if (!target || id === undefined) return;
    if (target.dataset['action'] === 'watch') this.actions.watch(id, this.rows.get(id)?.view.name ?? '');
    else if (target.dataset['action'] === 'extend') this.actions.extend(id);
  }
}
