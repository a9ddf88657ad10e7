// A tiny element builder: text goes in as textContent, never as markup (only the server's sanitised lesson HTML
// is ever inserted as HTML, in step-view.ts).

export interface ElementProps {
  class?: string;
  text?: string;
  /** Attributes; `undefined` or `false` leaves one out, `true` sets it empty. */
  attrs?: Record<string, string | number | boolean | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

/** A `<button type="button">` (never a form submit) with a click handler. */
export function button(label: string, className: string, onClick: (ev: MouseEvent) => void): HTMLButtonElement {
  const el = h('button', { class: className, text: label, attrs: { type: 'button' } });
  el.addEventListener('click', onClick);
  return el;
}
