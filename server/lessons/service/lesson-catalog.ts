// The lessons the server offers: loaded once at start (a broken lesson is reported and left out, the others
// load), rendered per locale on first use, and the locale a learner asked for matched to the closest one.
import type { CheckView, LessonSummary, StepView } from '../../common/lesson-protocol.js';
import { loadLessons } from '../format/load-lesson.js';
import { renderLesson } from '../format/render-lesson.js';
import type { Lesson, LessonError, LocalizedLesson } from '../format/types.js';
import { stepChecks } from '../step-checks.js';

export interface LessonText {
  lesson: Lesson;
  text: LocalizedLesson;
  title: string;
  introHtml: string;
  finishHtml: string | undefined;
  steps: StepView[];
}

export class LessonCatalog {
  private readonly byId = new Map<string, Lesson>();
  private readonly rendered = new Map<string, LessonText>();

  constructor(
    lessons: readonly Lesson[],
    /** Problems of lessons that did not load, for the page and the log. */
    readonly errors: readonly LessonError[] = [],
  ) {
    for (const lesson of lessons) this.byId.set(lesson.id, lesson);
  }

  static load(root: string, log: (message: string) => void): LessonCatalog {
    const { lessons, errors } = loadLessons(root);
    for (const e of errors) log(`lesson: ${e.line > 0 ? `${e.file}:${e.line}` : e.file}: ${e.message}`);
    log(`lessons: ${lessons.length} loaded from ${root}${errors.length ? `, ${errors.length} problem(s) (lessons with problems are left out)` : ''}`);
    return new LessonCatalog(lessons, errors);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Lesson | undefined {
    return this.byId.get(id);
  }

  first(): Lesson | undefined {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id))[0];
  }

  summaries(): LessonSummary[] {
    return [...this.byId.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((lesson) => {
        const text = lesson.locales[pickLocale(lesson, 'en')]!;
        return {
          id: lesson.id,
          title: text.title,
          ...(text.description ? { description: text.description } : {}),
          duration: lesson.duration,
          requires: [...lesson.requires],
          locales: Object.keys(lesson.locales).sort(),
        };
      });
  }

  /** The lesson's text in the locale closest to `wanted`, rendered (cached). */
  text(lesson: Lesson, wanted: string | undefined): LessonText {
    const locale = pickLocale(lesson, wanted);
    const key = `${lesson.id}\u0000${locale}`;
    let text = this.rendered.get(key);
    if (!text) {
      const localized = lesson.locales[locale]!;
      const rendered = renderLesson(localized);
      text = {
        lesson,
        text: localized,
        title: rendered.title,
        introHtml: rendered.introHtml,
        finishHtml: rendered.finishHtml,
        steps: localized.steps.map((step, i) => ({
          id: step.id,
          title: step.title,
          html: rendered.steps[i]?.html ?? '',
          checks: stepChecks(step).checks.map(({ id, check }, i): CheckView => ({
            id,
            kind: check.kind,
            ...(step.checkTitles[i] ? { title: step.checkTitles[i] } : {}),
            ...(check.kind === 'quiz'
              ? { quiz: { question: check.question, choices: [...check.choices], multiple: Array.isArray(check.answer) } }
              : {}),
          })),
          hasSolution: step.solution.length > 0,
        })),
      };
      this.rendered.set(key, text);
    }
    return text;
  }
}

/**
 * The lesson's locale for a wish like `zh-CN`, `pt`, `en-GB`: the exact one, else the same language, else English,
 * else the first the lesson has.
 */
export function pickLocale(lesson: Pick<Lesson, 'locales'>, wanted: string | undefined): string {
  const locales = Object.keys(lesson.locales).sort();
  if (wanted) {
    const exact = locales.find((l) => l.toLowerCase() === wanted.toLowerCase());
    if (exact) return exact;
    const language = wanted.toLowerCase().split('-')[0];
    const same = locales.find((l) => l.toLowerCase().split('-')[0] === language);
    if (same) return same;
  }
  return locales.includes('en') ? 'en' : locales[0]!;
}
