// The words instructor.html carries, rewritten in the page's language (the HTML holds the English ones).
import type { WordLabel } from '../i18n/static-words.js';

export const INSTRUCTOR_WORDS: WordLabel[] = [
  ['title', ['text'], (c) => `kubeclass: ${c.instructor.title}`],
  ['#room-summary', ['aria-label'], (c) => c.instructor.room],
  ['#join-code-label', ['text'], (c) => c.instructor.joinCode],
  ['#join-url-label', ['text'], (c) => c.instructor.joinUrl],
  ['#copy-join-url', ['text'], (c) => c.instructor.copy],
  ['#copy-join-url', ['aria-label'], (c) => c.instructor.copyLabel],
  ['#seats-label', ['text'], (c) => c.instructor.seatsLabel],
  ['#exports', ['aria-label'], (c) => c.instructor.exports],
  ['#export-csv', ['text'], (c) => c.instructor.exportCsv],
  ['#export-json', ['text'], (c) => c.instructor.exportJson],
  ['#learners-heading', ['text'], (c) => c.instructor.learners],
  ['#grid-empty', ['text'], (c) => c.instructor.noLearners],
  ['#watch-close', ['text'], (c) => c.instructor.closeWatch],
  ['#watch-close', ['aria-label'], (c) => c.instructor.closeWatchLabel],
  ['#broadcast-heading', ['text'], (c) => c.instructor.broadcast],
  ['#broadcast-label', ['text'], (c) => c.instructor.broadcastLabel],
  ['#broadcast-hint', ['text'], (c) => c.instructor.broadcastHint],
  ['#broadcast-send', ['text'], (c) => c.instructor.send],
  ['#broadcast-sent', ['text'], (c) => c.instructor.sent],
  ['#broadcast-empty', ['text'], (c) => c.instructor.noBroadcasts],
];
