// Query parameters that only say how a reader arrived, never which article it is.
const trackingParameter =
  /^(utm_.*|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ref|ref_src|ref_url|cmpid|at_medium|at_campaign|ocid|spm|share|smid)$/i;

/**
 * The canonical form of an article URL: lower-case scheme and host, no default port, no fragment,
 * no tracking parameters, remaining parameters sorted, no trailing slash on the path.
 * Returns null for anything that is not an absolute http(s) URL.
 */
export function canonicalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  url.hash = '';
  const kept = [...url.searchParams.entries()]
    .filter(([name]) => !trackingParameter.test(name))
    .sort(([a], [b]) => a.localeCompare(b));
  url.search = '';
  for (const [name, value] of kept) url.searchParams.append(name, value);
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}
