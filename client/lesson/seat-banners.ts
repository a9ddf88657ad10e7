// In a classroom, the lesson socket also brings the instructor's broadcasts and the learner's seat: a broadcast is a
// banner above the lesson until dismissed; the seat's name goes in the header; a seat about to expire for lack of
// activity gets a banner with "I'm still here". Both banners sit in live regions that stay in the page (a region
// inserted together with its text is not announced), so only their content comes and goes.
import type { SeatServerMessage } from '../../server/common/classroom-protocol.js';
import { onWordsChange, words } from '../i18n/words.js';
import { button, h } from './dom.js';
import { readNumberPreference, writePreference } from './preferences.js';
import { minutesLeft } from './seat-message.js';

export interface SeatBannerElements {
  /** Live region (polite) for the instructor's broadcast. */
  broadcast: HTMLElement;
  /** Live region (polite) for the seat's expiry warning. */
  warning: HTMLElement;
  /** The seat's name in the header. */
  name: HTMLElement;
}

/** The newest broadcast dismissed, so a reload (the server sends it again) does not bring it back. */
const DISMISSED_PREFERENCE = 'broadcastDismissedAt';
/** The minutes left are redrawn this often while the warning shows. */
const WARNING_TICK_MS = 15_000;

type Broadcast = Extract<SeatServerMessage, { type: 'broadcast' }>;
type Seat = Extract<SeatServerMessage, { type: 'seat' }>;

export class SeatBanners {
  private broadcast: Broadcast | undefined;
  private dismissedAt = readNumberPreference(DISMISSED_PREFERENCE, 0, Number.MAX_SAFE_INTEGER, 0);
  private seat: Seat | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;

  /** `extend` sends the learner's "I'm still here"; false when it could not go out (the banner then stays). */
  constructor(
    private readonly els: SeatBannerElements,
    private readonly extend: () => boolean,
  ) {
    onWordsChange(() => {
      this.drawBroadcast();
      this.drawWarning();
    });
  }

  show(message: SeatServerMessage): void {
    if (message.type === 'broadcast') {
      // Only the newest counts: a reconnect may replay older ones.
      if (message.at <= this.dismissedAt || (this.broadcast && message.at < this.broadcast.at)) return;
      this.broadcast = message;
      this.drawBroadcast();
      return;
    }
    this.seat = message;
    this.els.name.textContent = message.name;
    this.els.name.hidden = message.name === '';
    this.drawWarning();
  }

  private dismiss(): void {
    if (!this.broadcast) return;
    this.dismissedAt = this.broadcast.at;
    writePreference(DISMISSED_PREFERENCE, String(this.dismissedAt));
    this.broadcast = undefined;
    this.drawBroadcast();
  }

  private drawBroadcast(): void {
    const b = this.broadcast;
    if (!b) {
      this.els.broadcast.replaceChildren();
      return;
    }
    const c = words().seat;
    const close = button('×', 'banner-dismiss', () => this.dismiss());
    close.setAttribute('aria-label', c.dismiss);
    close.title = c.dismiss;
    this.els.broadcast.replaceChildren(
      h('div', { class: 'seat-banner broadcast-banner' }, [
        h('p', {}, [h('strong', { text: `${c.fromInstructor}: ` }), b.text]),
        close,
      ]),
    );
  }

  private drawWarning(): void {
    clearInterval(this.tick);
    this.tick = undefined;
    const seat = this.seat;
    if (!seat?.warning) {
      this.els.warning.replaceChildren();
      return;
    }
    const c = words().seat;
    const text = h('p', {});
    const render = (): void => {
      const next = c.expiresIn(minutesLeft(seat.expiresAt, Date.now()));
      if (text.textContent !== next) text.textContent = next;
    };
    render();
    const stillHere = button(c.stillHere, 'banner-action', () => {
      // Sent: the seat is extended and the server says so; hide at once rather than wait for its `seat`.
      if (!this.extend()) return;
      this.seat = { ...seat, warning: false };
      this.drawWarning();
    });
    this.els.warning.replaceChildren(h('div', { class: 'seat-banner seat-warning' }, [text, stillHere]));
    this.tick = setInterval(render, WARNING_TICK_MS);
  }
}
