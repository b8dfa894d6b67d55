import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface ExtractedText {
  title: string;
  text: string;
}

/** Below this many characters, readability's pick is taken for a miss (a teaser, a cookie notice). */
const minimumArticleChars = 80;

/**
 * The article's text from a page: Mozilla's Readability (Firefox Reader View) over linkedom's DOM drops
 * navigation, ads, sidebars and footers. Paragraphs become lines. Null when nothing article-like is found,
 * so the caller falls back to the feed's own content. No script runs: linkedom does not execute any.
 */
export function extractArticle(html: string, url: string): ExtractedText | null {
  const { document } = parseHTML(html);
  // Readability resolves links against the document's URL; linkedom has none of its own.
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head?.appendChild(base);
  const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  if (!article?.content) return null;
  const text = htmlToText(article.content);
  if (text.length < minimumArticleChars) return null;
  return { title: (article.title ?? '').trim(), text };
}

/** Text of an HTML fragment (a feed's description or content), one line per block. */
export function htmlToText(fragment: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${fragment}</body></html>`);
  for (const block of document.querySelectorAll('p, div, br, li, h1, h2, h3, h4, h5, h6, blockquote, tr')) {
    block.after(document.createTextNode('\n'));
  }
  for (const node of document.querySelectorAll('script, style, noscript, template')) node.remove();
  return (document.body?.textContent ?? '')
    .split('\n')
    .map((line: string) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
