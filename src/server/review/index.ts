import path from 'node:path';
import { projectRoot } from '../../paths';
import {
  DatePrecision,
  DevelopmentKind,
  MeetingStatus,
  ParticipantRole,
} from '../../../generated/prisma/enums';
import { asset, loadAsset, staticRoute, type Asset } from '../pages';
import type { Route } from '../routes';

const assetsDir = path.join(projectRoot, 'src/server/review/assets');
const files = ['review.js', 'review-api.js', 'review-view.js', 'review.css'];

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const page = loadAsset(path.join(assetsDir, 'index.html'));
  assets.set('/review', page);
  assets.set('/review/', page);
  for (const file of files) assets.set(`/review/assets/${file}`, loadAsset(path.join(assetsDir, file)));
  // The page's choices come from the one vocabulary (prisma/schema.prisma), not from copies in its code.
  const vocabulary = Object.fromEntries(
    Object.entries({ DatePrecision, DevelopmentKind, MeetingStatus, ParticipantRole }).map(
      ([name, members]) => [name, Object.values(members)],
    ),
  );
  assets.set(
    '/review/assets/vocabulary.js',
    asset(
      Buffer.from(`export const vocabulary = ${JSON.stringify(vocabulary)};\n`),
      'text/javascript; charset=utf-8',
    ),
  );
  return assets;
}

/**
 * The review desk at /review, its assets under /review/assets/ (graphql-ws's browser build is the
 * ticker's, under /ticker/assets/; the base stylesheet is every page's, under /assets/). The page holds no data: everything comes through the API with the
 * editor's key.
 */
export function reviewRoute(): Route {
  return staticRoute((pathname) => pathname === '/review' || pathname.startsWith('/review/'), loadAssets);
}
