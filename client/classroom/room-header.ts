// The room's summary above the grid: the lesson, the join code and address (with a copy button), the seats and
// the export links. Rewritten only where a value changed, since a `room` message comes every second.
import { EXPORT_CSV_PATH, EXPORT_JSON_PATH, type RoomView } from '../../server/common/classroom-protocol.js';
import { words } from '../i18n/words.js';
import { copyText } from '../lesson/code-actions.js';

export interface RoomHeaderElements {
  title: HTMLElement;
  code: HTMLElement;
  url: HTMLAnchorElement;
  copy: HTMLButtonElement;
  copyStatus: HTMLElement;
  seats: HTMLElement;
  exportCsv: HTMLAnchorElement;
  exportJson: HTMLAnchorElement;
}

/** How long "Copied" stays beside the button. */
const COPIED_MS = 2000;

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export class RoomHeader {
  private room: RoomView | undefined;
  private copyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly els: RoomHeaderElements) {
    // Plain links: the server answers with Content-Disposition, so the browser saves the file.
    els.exportCsv.href = EXPORT_CSV_PATH;
    els.exportJson.href = EXPORT_JSON_PATH;
    els.copy.disabled = true;
    els.copy.addEventListener('click', () => void this.copy());
  }

  render(room: RoomView): void {
    this.room = room;
    const els = this.els;
    setText(els.title, room.lessonTitle);
    els.title.title = room.lessonTitle;
    setText(els.code, room.joinCode);
    setText(els.url, room.joinUrl);
    if (els.url.getAttribute('href') !== room.joinUrl) els.url.href = room.joinUrl;
    els.copy.disabled = room.joinUrl === '';
    setText(els.seats, words().instructor.seats(room.seats.used, room.seats.max, room.seats.warm));
  }

  /** The same room in the page's current words (after a language switch). */
  redraw(): void {
    if (this.room) this.render(this.room);
  }

  private async copy(): Promise<void> {
    const url = this.room?.joinUrl;
    if (!url) return;
    const ok = await copyText(url);
    const c = words().instructor;
    clearTimeout(this.copyTimer);
    this.els.copyStatus.textContent = ok ? c.copied : c.copyFailed;
    this.copyTimer = setTimeout(() => {
      this.els.copyStatus.textContent = '';
    }, COPIED_MS);
  }
}
