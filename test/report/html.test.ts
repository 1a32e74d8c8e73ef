// The `html` tagged template escapes every value unless it is already HTML: hostile text in content and in
// attributes stays text, nested fragments and lists pass as they are, nothing and false give nothing.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, raw, toHtml } from '../../src/report/html.ts';

describe('html', () => {
  it('escapes a script tag in content so that it stays text', () => {
    const evil = '<script>alert("x")</script>';
    expect(html`<p>${evil}</p>`.html).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('escapes quotes in attributes, double and single, so a value cannot leave its attribute', () => {
    const title = `" onmouseover="alert(1)`;
    const single = `' onload='alert(2)`;
    expect(html`<a title="${title}" data-x='${single}'>x</a>`.html).toBe(
      `<a title="&quot; onmouseover=&quot;alert(1)" data-x='&#39; onload=&#39;alert(2)'>x</a>`,
    );
  });

  it('escapes ampersands once and leaves numbers as they are', () => {
    expect(html`${'Tom & Jerry &amp;'} ${12.5} ${-3}`.html).toBe('Tom &amp; Jerry &amp;amp; 12.5 -3');
  });

  it('inserts fragments of html and raw() unescaped, and joins arrays of fragments and text', () => {
    const inner = html`<em>${'a<b'}</em>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.html).toBe('<p><em>a&lt;b</em><br></p>');
    const items = ['<1>', '2'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.html).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
    expect(html`${['<a>', html`<b>`]}`.html).toBe('&lt;a&gt;<b>');
  });

  it('gives nothing for null, undefined and booleans, so conditions read naturally', () => {
    const none: string | undefined = undefined;
    const note: string = '';
    expect(html`[${null}${none}${false}${true}${note !== '' && html`<b>`}]`.html).toBe('[]');
  });

  it('does not take a look-alike object for html', () => {
    const fake = { html: '<script>', toString: () => '<script>' } as unknown as string;
    expect(html`${fake}`.html).toBe('&lt;script&gt;');
  });

  it('joins with an escaped text separator or an html one', () => {
    expect(joinHtml(['a', 'b'], ' & ').html).toBe('a &amp; b');
    expect(joinHtml(['<a>', 'b'], raw('<br>')).html).toBe('&lt;a&gt;<br>b');
    expect(toHtml(['x', html`<i>`])).toBe('x<i>');
    expect(String(html`<b>${'<'}</b>`)).toBe('<b>&lt;</b>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
