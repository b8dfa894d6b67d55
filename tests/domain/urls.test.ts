import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/domain/urls';

describe('canonicalUrl', () => {
  it('drops tracking parameters and fragments, sorts the rest, lower-cases the host', () => {
    expect(canonicalUrl('HTTPS://Example.COM:443/news/gaza/?utm_source=x&b=2&fbclid=abc&a=1#top')).toBe(
      'https://example.com/news/gaza?a=1&b=2',
    );
  });
  it('keeps parameters that identify the article', () => {
    expect(canonicalUrl('https://example.com/article.php?id=42&utm_medium=social')).toBe(
      'https://example.com/article.php?id=42',
    );
  });
  it('refuses what is not an absolute http(s) URL', () => {
    for (const bad of [
      'ftp://example.com/a',
      'javascript:alert(1)',
      '/relative/path',
      'not a url',
      'https://user:pw@example.com/',
    ]) {
      expect(canonicalUrl(bad)).toBeNull();
    }
  });
});
