// HTML for self-contained reports, safe by construction: the `html` tagged template escapes every value it is
// given unless the value is already HTML (the result of another `html` call, or text wrapped in `raw()` by code
// that vouches for it). Arrays of values are joined, and null, undefined and false give nothing, so a report
// can write `${rows.map((r) => html`<tr>…</tr>`)}` and `${note && html`<p>${note}</p>`}`.

const SAFE = Symbol('doorstroom.html');

/** A fragment of HTML that is safe to insert as it is. */
export interface Html {
  readonly [SAFE]: true;
  readonly html: string;
  toString(): string;
}

/** What an `html` template accepts in a `${…}`: text and numbers are escaped, Html is inserted, lists joined. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function safe(text: string): Html {
  return {
    [SAFE]: true,
    html: text,
    toString: () => text,
  };
}

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as { [SAFE]?: unknown })[SAFE] === true;
}

/** Text as HTML: `&`, `<`, `>`, `"` and `'` replaced by their entities, safe in content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (isHtml(value)) return value.html;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value as string | number));
}

/** The tagged template: `html`<p>${text}</p>`` escapes `text`; Html values pass as they are. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return safe(out);
}

/** Markup the caller vouches for (e.g. SVG built here from numbers, or a fragment given as HTML by the caller). */
export function raw(markup: string): Html {
  return safe(markup);
}

/** Values joined with a separator (text separators are escaped too). */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  const sep = render(separator);
  return safe(values.map(render).join(sep));
}

/** The HTML text of a value: what `html` would insert for it. */
export function toHtml(value: HtmlValue): string {
  return render(value);
}
