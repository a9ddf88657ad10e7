// The instructor page's composition root: the room's summary, the grid, one learner's terminal (read-only) and
// broadcasts, all fed by the instructor socket; clicks go back to it as watch / unwatch / extend / broadcast.
import type { InstructorServerMessage, RoomView } from '../../server/common/classroom-protocol.js';
import { installWords } from '../i18n/static-words.js';
import { onWordsChange, setPageLocale, words } from '../i18n/words.js';
import { preferredLocale } from '../lesson/lesson-header.js';
import { NoticeToast } from '../notice-toast.js';
import { StatusPill } from '../status-pill.js';
import { BroadcastPanel } from './broadcast-panel.js';
import { element } from './element.js';
import { INSTRUCTOR_WORDS } from './instructor-words.js';
import { InstructorSocket } from './instructor-socket.js';
import { RoomGrid } from './room-grid.js';
import { RoomHeader } from './room-header.js';
import { WatchView } from './watch-view.js';

setPageLocale(preferredLocale());
installWords(INSTRUCTOR_WORDS);

const pill = new StatusPill(element('connection-status', HTMLElement));
const toast = new NoticeToast(element('notice', HTMLDivElement));
const roomError = element('room-error', HTMLDivElement);

const header = new RoomHeader({
  title: element('room-title', HTMLElement),
  code: element('join-code', HTMLElement),
  url: element('join-url', HTMLAnchorElement),
  copy: element('copy-join-url', HTMLButtonElement),
  copyStatus: element('copy-status', HTMLElement),
  seats: element('seats', HTMLElement),
  exportCsv: element('export-csv', HTMLAnchorElement),
  exportJson: element('export-json', HTMLAnchorElement),
});

/** Sends, or says the page is offline: the pill already shows it, the toast ties it to the click. */
function send(message: Parameters<InstructorSocket['send']>[0]): boolean {
  const sent = socket.send(message);
  if (!sent) toast.show('warning', words().instructor.notConnected);
  return sent;
}

const watch = new WatchView(
  {
    panel: element('watch-panel', HTMLElement),
    title: element('watch-title', HTMLElement),
    status: element('watch-status', HTMLElement),
    host: element('watch-terminal', HTMLDivElement),
    close: element('watch-close', HTMLButtonElement),
  },
  () => stopWatching(),
);

const grid = new RoomGrid(element('room-grid', HTMLTableElement), element('grid-empty', HTMLElement), {
  watch: (learnerId, name) => {
    // One terminal at a time; the watched learner's button toggles the view off.
    if (learnerId === watch.learnerId) return stopWatching();
    if (!send({ type: 'watch', learnerId })) return;
    watch.pending(learnerId, name);
    grid.setWatched(learnerId);
  },
  extend: (learnerId) => void send({ type: 'extend', learnerId }),
});

const broadcasts = new BroadcastPanel(
  {
    form: element('broadcast-form', HTMLFormElement),
    text: element('broadcast-text', HTMLTextAreaElement),
    count: element('broadcast-count', HTMLElement),
    list: element('broadcast-list', HTMLOListElement),
    empty: element('broadcast-empty', HTMLElement),
  },
  (text) => send({ type: 'broadcast', text }),
);

function stopWatching(): void {
  if (watch.learnerId !== undefined) socket.send({ type: 'unwatch' });
  watch.close();
  grid.setWatched(undefined);
}

function renderRoom(room: RoomView): void {
  header.render(room);
  grid.render(room);
  broadcasts.render(room.broadcasts);
  roomError.hidden = true;
}

function onMessage(message: InstructorServerMessage): void {
  switch (message.type) {
    case 'room':
      renderRoom(message.room);
      break;
    case 'watching':
      // Only the learner asked for: a late answer to a watch already closed or replaced is ignored.
      if (message.learnerId !== watch.learnerId) break;
      watch.open(message.learnerId, message.name, message.cols, message.rows);
      grid.setWatched(message.learnerId);
      break;
    case 'watch-ended':
      watch.ended(message.learnerId, message.reason);
      break;
    case 'error':
      toast.show('warning', message.message);
      break;
  }
}

const socket = new InstructorSocket({
  onMessage,
  onOutput: (bytes) => watch.write(bytes),
  // A new socket knows nothing of the last one's watch: ask again (the screen is reset on `watching`).
  onHello: () => {
    const id = watch.learnerId;
    if (id !== undefined) socket.send({ type: 'watch', learnerId: id });
  },
  onStateChange: (state, retryAt) => pill.show(state, retryAt),
  onStopped: (reason, detail) => {
    const c = words();
    roomError.textContent = reason === 'outdated' ? c.overlay.outdated : c.instructor.refused(detail);
    roomError.hidden = false;
  },
});

onWordsChange(() => {
  header.redraw();
  grid.redraw();
  broadcasts.redraw();
});

socket.start();
