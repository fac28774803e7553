/**
 * The page's whole component approach: functions that return DOM nodes built with `h`. Text always
 * goes in as text nodes (never as HTML), so appeal titles and notes cannot inject markup.
 */
export type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: (Child | Child[])[]) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent` with `children`. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]) {
  parent.replaceChildren();
  append(parent, children);
}

/** A column heading in Chinese with its English name below. */
export const heading = (chinese: string, english: string, numeric = false) =>
  h('th', numeric ? { class: 'num' } : null, chinese, h('small', null, english));
