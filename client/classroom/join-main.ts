// The join page: a code (from the join address, or typed) and a name (remembered for a returning learner) go to
// POST /api/join; the server's answer sets the learner's cookie and the page moves on to the lesson at `/`.
import { JOIN_PATH, MAX_NAME_CHARS, type JoinRequest, type JoinResponse } from '../../server/common/classroom-protocol.js';
import { installWords } from '../i18n/static-words.js';
import { setPageLocale, words, type Catalogue } from '../i18n/words.js';
import { preferredLocale } from '../lesson/lesson-header.js';
import { readPreference, writePreference } from '../lesson/preferences.js';
import { element } from './element.js';
import { checkJoin, codeFromQuery, readJoinResponse } from './join-model.js';

const NAME_PREFERENCE = 'classroomName';

setPageLocale(preferredLocale());
installWords([
  ['title', ['text'], (c) => `kubeclass: ${c.join.title}`],
  ['#join-title', ['text'], (c) => c.join.title],
  ['#join-intro', ['text'], (c) => c.join.intro],
  ['#join-code-label', ['text'], (c) => c.join.code],
  ['#join-code-hint', ['text'], (c) => c.join.codeHint],
  ['#join-name-label', ['text'], (c) => c.join.name],
  ['#join-name-hint', ['text'], (c) => c.join.nameHint(MAX_NAME_CHARS)],
  ['#join-submit', ['text'], (c) => c.join.submit],
]);

const form = element('join-form', HTMLFormElement);
const code = element('join-code', HTMLInputElement);
const name = element('join-name', HTMLInputElement);
const submit = element('join-submit', HTMLButtonElement);
const error = element('join-error', HTMLElement);

name.maxLength = MAX_NAME_CHARS;
code.value = codeFromQuery(location.search);
name.value = readPreference(NAME_PREFERENCE) ?? '';
// Focus where typing starts: the code when the address had none, else the name (or Join, both being filled).
(code.value === '' ? code : name.value === '' ? name : submit).focus();

function showError(text: string, field?: HTMLInputElement): void {
  error.textContent = text;
  for (const input of [code, name]) input.setAttribute('aria-invalid', String(input === field));
  field?.focus();
}

/** The answer, or the words for what went wrong on the way. */
async function post(request: JoinRequest): Promise<JoinResponse | ((c: Catalogue) => string)> {
  let response: Response;
  try {
    response = await fetch(JOIN_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'include',
    });
  } catch {
    return (c) => c.join.network;
  }
  // A refusal is still JSON with its reason; anything else (an HTML error page) gets the status.
  const answer = readJoinResponse(await response.json().catch(() => undefined));
  return answer ?? ((c) => c.join.http(response.status));
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const checked = checkJoin(code.value, name.value);
  if (!checked.ok) {
    const c = words().join;
    if (checked.field === 'code') showError(c.badCode, code);
    else showError(c.badName(MAX_NAME_CHARS), name);
    return;
  }
  writePreference(NAME_PREFERENCE, checked.request.name);
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  submit.textContent = words().join.joining;
  showError('');
  void post(checked.request).then((answer) => {
    if (typeof answer !== 'function' && answer.ok) {
      writePreference(NAME_PREFERENCE, answer.name); // as the server keeps it
      location.assign('/');
      return;
    }
    submit.disabled = false;
    form.removeAttribute('aria-busy');
    submit.textContent = words().join.submit;
    showError(typeof answer === 'function' ? answer(words()) : answer.error);
  });
});
