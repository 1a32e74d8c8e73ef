// The building blocks every doorstroom HTML report shares: the page (one self-contained file, inline CSS, no
// script, nothing fetched, a main landmark), a table with row and column headers, and a chart with the table
// of its numbers beside it — so every report looks alike and passes the same accessibility checks.
import { escapeHtml } from './svg.ts';

/** A table with a caption, column headers, and the first cell of each row as its row header. */
export function htmlTable(caption: string, header: string[], rows: string[][]): string {
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** A chart (inline SVG) with its caption, and the table with the same numbers beside it. */
export function chartWithTable(svg: string, caption: string, tableHtml: string): string {
  return `<div class="pair"><figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>${tableHtml}</div>`;
}

/** The whole page: `introHtml` and `sections` are HTML already escaped by the caller. */
export function reportPage(title: string, introHtml: string, sections: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222;line-height:1.4}main{max-width:1400px}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin:1rem 0}figure{margin:0;max-width:740px}
figcaption{font-size:13px;color:#333}table{border-collapse:collapse;font-size:13px;margin:0.5rem 0}
th,td{border:1px solid #bbb;padding:2px 6px;text-align:right}th[scope=row]{text-align:left;font-weight:normal}
caption{text-align:left;font-weight:600;padding:2px 0}svg{max-width:100%;height:auto}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${introHtml}
${sections.join('\n')}
</main></body></html>
`;
}
