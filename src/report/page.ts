// The page every doorstroom report shares: one self-contained HTML file (inline CSS, no script, nothing fetched)
// in the report's language, with a title, a short summary in words of what the figures say, then the sections —
// each chart beside the table of its numbers — so every report looks alike and passes the same accessibility checks.
import { type Lang, type Text, say } from '../core/locale.ts';
import { type Html, type HtmlValue, html, raw } from './html.ts';

export interface PageInput {
  lang: Lang;
  title: string;
  /** Sentences of the summary at the top: what changed and by how much, before any table. */
  summary: readonly HtmlValue[];
  /** What the report is made from (files, window, replications), after the summary. */
  about?: HtmlValue;
  sections: readonly HtmlValue[];
}

const SUMMARY: Text = { nl: 'Samenvatting', en: 'Summary' };

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;line-height:1.4}main{max-width:1400px}
.summary{border-left:4px solid #1f4e79;padding:0.25rem 1rem;margin:1rem 0;background:#f4f7fa}
.summary ul{margin:0.25rem 0;padding-left:1.2rem}.summary h2{margin:0.25rem 0;font-size:1.1rem}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin:1rem 0}figure{margin:0;max-width:740px}
figcaption{font-size:13px;color:#333}table{border-collapse:collapse;font-size:13px;margin:0.5rem 0}
th,td{border:1px solid #bbb;padding:2px 6px;text-align:right}th[scope=row],th.text,td.text{text-align:left}
th[scope=row]{font-weight:normal}caption{text-align:left;font-weight:600;padding:2px 0}svg{max-width:100%;height:auto}`;

/** The whole page as text. */
export function reportPage(input: PageInput): string {
  const summary =
    input.summary.length > 0
      ? html`<section class="summary" aria-labelledby="summary"><h2 id="summary">${say(SUMMARY, input.lang)}</h2><ul>${input.summary.map((s) => html`<li>${s}</li>`)}</ul></section>`
      : '';
  return html`<!doctype html>
<html lang="${input.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${input.title}</title>
<style>${raw(CSS)}</style></head>
<body><main><h1>${input.title}</h1>
${summary}
${input.about ?? ''}
${input.sections.map((s) => html`${s}\n`)}</main></body></html>
`.html;
}

/** A section with its heading. */
export function section(heading: string, ...content: HtmlValue[]): Html {
  return html`<section><h2>${heading}</h2>${content}</section>`;
}

/** A chart with its caption, and the table with the same numbers beside it. */
export function chartWithTable(chart: Html, caption: string, table: Html): Html {
  return html`<div class="pair"><figure>${chart}<figcaption>${caption}</figcaption></figure>${table}</div>`;
}
