// The broadcast form (a message to every learner's page) and the room's broadcasts so far, newest first.
import { MAX_BROADCAST_CHARS, type RoomView } from '../../server/common/classroom-protocol.js';
import { words } from '../i18n/words.js';
import { h } from '../lesson/dom.js';

export interface BroadcastElements {
  form: HTMLFormElement;
  text: HTMLTextAreaElement;
  count: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
}

export class BroadcastPanel {
  /** What the list shows, so an unchanged room (every second) leaves it alone. */
  private shown = '';
  private broadcasts: RoomView['broadcasts'] = [];

  /** `send` returns false when the text could not go out (disconnected): the text then stays in the box. */
  constructor(
    private readonly els: BroadcastElements,
    send: (text: string) => boolean,
  ) {
    els.text.maxLength = MAX_BROADCAST_CHARS;
    els.text.addEventListener('input', () => this.count());
    // Ctrl+Enter (or Cmd+Enter) sends, as in chat boxes; Enter alone is a new line.
    els.text.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        els.form.requestSubmit();
      }
    });
    els.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = els.text.value.trim();
      if (text === '' || text.length > MAX_BROADCAST_CHARS) return;
      if (send(text)) {
        els.text.value = '';
        this.count();
      }
    });
    this.count();
  }

  render(broadcasts: RoomView['broadcasts']): void {
    const key = JSON.stringify(broadcasts);
    if (key === this.shown) return;
    this.shown = key;
    this.broadcasts = broadcasts;
    const items = [...broadcasts]
      .sort((a, b) => b.at - a.at)
      .map((b) => {
        const at = new Date(b.at);
        return h('li', {}, [
          h('time', { class: 'broadcast-time', text: at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), attrs: { datetime: at.toISOString() } }),
          h('span', { class: 'broadcast-text', text: b.text }),
        ]);
      });
    this.els.list.replaceChildren(...items);
    this.els.empty.hidden = items.length > 0;
  }

  /** The same in the page's current words. */
  redraw(): void {
    this.count();
    this.shown = '';
    this.render(this.broadcasts);
  }

  private count(): void {
    this.els.count.textContent = words().instructor.chars(this.els.text.value.length, MAX_BROADCAST_CHARS);
  }
}
