// Looks up a page element by id and type; a page without it is a build mistake, so it fails loudly.

export function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`kubeclass: the page lacks #${id}`);
  return el;
}
