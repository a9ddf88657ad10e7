// The lesson side of the page: connects the lesson socket's messages to the model and the views, and the views'
// buttons back to the socket and the terminal. main.ts builds it and tells it the terminal's session.
import type { LessonClientMessage, LessonServerMessage } from '../../server/common/lesson-protocol.js';
import { onWordsChange, setPageLocale, words, type Catalogue } from '../i18n/words.js';
import type { NoticeToast } from '../notice-toast.js';
import { copyText, typedLines } from './code-actions.js';
import { h } from './dom.js';
import { LessonHeader, preferredLocale, rememberLocale, type LessonHeaderElements } from './lesson-header.js';
import { LessonModel, type LessonDebugView } from './lesson-model.js';
import { LessonSocket, type LessonSocketState } from './lesson-socket.js';
import { ProvisioningBar } from './provisioning-bar.js';
import { SeatBanners, type SeatBannerElements } from './seat-banners.js';
import { StepList } from './step-list.js';
import { StepViewer } from './step-view.js';

/** Ctrl-C needs a moment to reach the program and the prompt to come back before the next line is typed. */
const INTERRUPT_PAUSE_MS = 250;

export interface LessonPaneElements {
  header: LessonHeaderElements;
  /** A one-line note about the lesson connection (reconnecting, refused). */
  connection: HTMLElement;
  provisioning: HTMLElement;
  /** The step list's box (hidden until a lesson arrives) and the list itself. */
  stepNav: HTMLElement;
  steps: HTMLElement;
  /** The scrolling box of the step's content. */
  scroller: HTMLElement;
  content: HTMLElement;
  /** Shown instead of the content until a lesson arrives. */
  placeholder: HTMLElement;
  /** In a classroom: the instructor's broadcast, the seat's expiry warning and its name. */
  seat: SeatBannerElements;
}

export interface LessonTerminal {
  sendInput(data: string): void;
  focus(): void;
}

export interface LessonPane {
  /** The terminal is attached to this session (every `ready`): opens the socket, or says hello again. */
  setSession(sessionId: string): void;
  debugView(): LessonDebugView & { socket: LessonSocketState };
}

export function createLessonPane(els: LessonPaneElements, terminal: LessonTerminal, toast: NoticeToast): LessonPane {
  const model = new LessonModel();

  const send = (message: LessonClientMessage): boolean => {
    const sent = socket.send(message);
    if (!sent) toast.show('warning', words().lesson.notConnected);
    return sent;
  };

  const header = new LessonHeader(els.header, (locale) => {
    rememberLocale(locale);
    const lessonId = model.lesson?.lessonId;
    if (lessonId) send({ type: 'open', lessonId, locale });
  });
  const provisioning = new ProvisioningBar(els.provisioning);
  const seat = new SeatBanners(els.seat, () => send({ type: 'extend-seat' }));
  const stepList = new StepList(els.steps, (stepId) => send({ type: 'goto', stepId }));
  const stepView = new StepViewer(els.content, els.scroller, {
    goto: (stepId) => send({ type: 'goto', stepId }),
    answer: (stepId, checkId, choice) => send({ type: 'answer', stepId, checkId, choice }),
    skip: (stepId) => send({ type: 'skip', stepId }),
    reset: (stepId) => {
      if (send(stepId === undefined ? { type: 'reset' } : { type: 'reset', stepId })) {
        model.forget(stepId);
        renderLesson();
      }
    },
    code: {
      run: (text, interrupt) => {
        const typed = typedLines(text);
        if (interrupt) {
          terminal.sendInput('\x03');
          setTimeout(() => terminal.sendInput(typed), INTERRUPT_PAUSE_MS);
        } else {
          terminal.sendInput(typed);
        }
        terminal.focus();
      },
      copy: copyText,
      createFile: (path) => {
        const stepId = model.currentStep?.id;
        return stepId !== undefined && send({ type: 'create-file', stepId, path });
      },
    },
  });

  function renderLesson(): void {
    header.render(model);
    stepList.render(model);
    stepView.render(model);
    const hasLesson = model.lesson !== undefined;
    els.stepNav.hidden = !hasLesson;
    els.content.hidden = !hasLesson;
    els.placeholder.hidden = hasLesson;
  }

  /** What the placeholder says, kept as words of the catalogue so a language switch redraws it. */
  let placeholderText: (c: Catalogue) => string = (c) => c.lesson.waitingForTerminal;
  let placeholderDetails: string[] = [];
  function placeholder(text: (c: Catalogue) => string, details: string[] = []): void {
    placeholderText = text;
    placeholderDetails = details;
    els.placeholder.replaceChildren(
      h('p', { text: text(words()) }),
      ...(details.length ? [h('ul', {}, details.map((d) => h('li', { text: d })))] : []),
    );
  }

  function onMessage(message: LessonServerMessage): void {
    // The page's own words follow the lesson's language; the views below then draw in it.
    if (message.type === 'lesson') setPageLocale(message.locale);
    switch (model.apply(message)) {
      case 'lesson':
      case 'progress':
      case 'skip':
        renderLesson();
        break;
      case 'verdict':
        if (message.type === 'verdict' && message.stepId === model.currentStep?.id) stepView.render(model);
        break;
      case 'cluster':
        provisioning.show(model.cluster);
        break;
      case 'catalog':
        if (!model.lesson) {
          if (model.catalog.length === 0) placeholder((c) => c.lesson.noLessons, model.catalogErrors);
          else placeholder((c) => c.lesson.opening);
        }
        break;
      case 'none':
        if (message.type === 'file-created') {
          stepView.fileCreated(message.path);
          toast.show('info', words().lesson.fileCreated(message.path, message.backup));
        } else if (message.type === 'error') {
          toast.show('warning', message.message);
        }
        break;
    }
  }

  let socketState: LessonSocketState = 'waiting';
  let socketDetail: string | undefined;
  function onStateChange(state: LessonSocketState, detail?: string): void {
    socketState = state;
    socketDetail = detail;
    els.connection.dataset['state'] = state;
    // Before the first lesson arrived nothing was "lost": the lesson server is not answering (yet).
    const note = (c: Catalogue): string =>
      state === 'reconnecting'
        ? model.lesson ? c.lesson.lost : c.lesson.notAnswering
        : state === 'stopped' ? c.lesson.stopped(detail ?? c.lesson.reloadPage) : '';
    const text = note(words());
    els.connection.hidden = text === '';
    if (els.connection.textContent !== text) els.connection.textContent = text;
    if (!model.lesson && state !== 'connected') {
      placeholder(state === 'waiting' ? (c) => c.lesson.waitingForTerminal : state === 'stopped' ? note : (c) => c.lesson.loading);
    }
  }

  // A language switch redraws the words kept on screen; a `lesson` message redraws the lesson views anyway.
  onWordsChange(() => {
    onStateChange(socketState, socketDetail);
    if (!model.lesson) placeholder(placeholderText, placeholderDetails);
    provisioning.show(model.cluster);
  });

  const socket = new LessonSocket({
    onMessage,
    onSeatMessage: (message) => seat.show(message),
    onStateChange,
    helloFields: () => ({ lessonId: model.lesson?.lessonId, locale: preferredLocale() }),
  });
  onStateChange('waiting');
  renderLesson();

  return {
    setSession: (sessionId) => socket.setSession(sessionId),
    debugView: () => ({ ...model.snapshot(), socket: socket.state }),
  };
}
