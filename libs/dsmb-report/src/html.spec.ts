import { escapeHtml, html } from './html';

describe('html template', () => {
  it('escapes every interpolated text, in element content and in attributes', () => {
    const term = `<script>alert("x")</script> & 'quoted'`;
    const out = html`<td title="${term}">${term}</td>`.markup;
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</td>',
    );
    expect(out).not.toContain('<script>');
  });

  it('passes nested templates through as markup and escapes the text inside them', () => {
    const rows = ['<b>', 'ok'].map(
      (t) =>
        html`<tr>
          <td>${t}</td>
        </tr>`,
    );
    expect(
      html`<table>
        ${rows}
      </table>`.markup.replace(/>\s+</g, '><'),
    ).toBe('<table><tr><td>&lt;b&gt;</td></tr><tr><td>ok</td></tr></table>');
  });

  it('renders numbers, and nothing for null, undefined and false', () => {
    expect(html`${0}|${3.5}|${null}|${undefined}|${false}|${true}`.markup).toBe('0|3.5||||true');
  });

  it('escapes a string that looks like already-escaped markup again (no double standard)', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
