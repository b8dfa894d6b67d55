import { createHash } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

// Example tabs GraphiQL opens with; each works on the seed data.
const witkoffMeetings = /* GraphQL */ `
  # Which meetings did Steve Witkoff take part in, with whom, in what role,
  # and which article says so, quoting it?
  query WitkoffMeetings {
    actor(slug: "steve-witkoff") {
      name
      nameAr
      meetings(first: 10) {
        totalCount
        edges {
          role
          node {
            title
            occurredAt
            occurredAtPrecision
            city
            status
            participants {
              role
              actor {
                name
                nameAr
                kind
              }
            }
            evidence {
              quote
              article {
                url
                title
              }
            }
          }
        }
      }
    }
  }
`;

const proposalStances = /* GraphQL */ `
  # Proposals on the table, who proposed them, where each actor stands, and the quotes behind it.
  query ProposalsWithStances {
    proposals(first: 10) {
      totalCount
      edges {
        node {
          title
          status
          tabledAt
          proposers {
            name
          }
          terms {
            position
            text
          }
          stances {
            actor {
              name
            }
            stance
            asOf
            evidence {
              quote
            }
          }
          versions {
            title
            status
          }
          evidence {
            quote
            startOffset
            endOffset
            article {
              url
            }
          }
        }
      }
    }
  }
`;

const liveFeed = /* GraphQL */ `
  # New developments as they are recorded. Pass the cursor of the last one you saw
  # as "after" to resume without gaps or duplicates.
  subscription LiveDevelopments {
    developments {
      cursor
      sequence
      change
      kind
      summary
      occurredAt
      reportedAt
      actors {
        name
      }
      meeting {
        title
      }
      proposal {
        title
      }
      evidence {
        quote
        article {
          url
        }
      }
    }
  }
`;

const latest = /* GraphQL */ `
  # The latest 20 entries of the log, for a ticker that just opened.
  query LatestDevelopments {
    developments(last: 20) {
      totalCount
      edges {
        cursor
        node {
          sequence
          kind
          summary
          reportedAt
          actors {
            name
          }
        }
      }
    }
  }
`;

const search = /* GraphQL */ `
  # Search articles, actors and proposals in Arabic: spelling variants, diacritics, hamza forms
  # and attached clitics all match (نتانياهو finds نتنياهو), best match first.
  query Search {
    search(query: "نتانياهو", first: 10) {
      edges {
        node {
          kind
          score
          snippet
          node {
            __typename
            ... on Actor {
              name
              nameAr
            }
            ... on Article {
              title
              url
              publishedAt
            }
            ... on Proposal {
              title
              status
            }
          }
        }
      }
    }
  }
`;

const record = /* GraphQL */ `
  # Writes need an API key with the data:write scope: put yours in the Headers tab below
  # (Authorization: Bearer gzn_…). Without one, this mutation is refused.
  mutation RecordDevelopment {
    recordDevelopment(input: { kind: STATEMENT, summary: "Example: mediators report progress in Doha" }) {
      cursor
      sequence
      kind
      summary
    }
  }
`;

export const graphiqlTabs = [
  { query: witkoffMeetings },
  { query: proposalStances },
  { query: latest },
  { query: liveFeed },
  { query: search },
  { query: record, headers: JSON.stringify({ Authorization: 'Bearer gzn_…' }, null, 2) },
];

let rendered: { key: string; html: string; policy: string } | undefined;

/**
 * GraphiQL's Content-Security-Policy: as strict as the page allows. Its one inline script (the bundle,
 * inlined for offline use) is allowed by its hash, not by 'unsafe-inline'; the editor's workers start from
 * blob: URLs; its styles are injected at run time, so styles alone may be inline.
 */
function graphiqlPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sends GraphiQL's policy with the page (Yoga renders it; this plugin sees the response). */
export function useGraphiQLPolicy(): Plugin {
  return {
    onResponse({ response }) {
      if (!rendered || !response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-security-policy', rendered.policy);
      response.headers.set('referrer-policy', 'no-referrer');
      response.headers.set('x-content-type-options', 'nosniff');
    },
  };
}

/**
 * GraphiQL with its scripts, styles and editor workers inlined (about 9 MB, rendered once per options):
 * it works on machines without internet access, unlike Yoga's default page, which loads from a CDN.
 */
export function renderOfflineGraphiQL(options?: GraphiQLOptions): string {
  const key = JSON.stringify(options ?? {});
  if (rendered?.key !== key) {
    const html = renderGraphiQL(options);
    rendered = { key, html, policy: graphiqlPolicy(html) };
  }
  return rendered.html;
}
