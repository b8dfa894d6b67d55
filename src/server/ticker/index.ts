import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../paths';
import { isSharedAsset, loadAsset as load, loadSharedAssets, staticRoute, type Asset } from '../pages';
import type { Route } from '../routes';

const assetsDir = path.join(projectRoot, 'src/server/ticker/assets');
// graphql-ws's browser build: dist/client.js and the shared chunk it imports by relative path.
const graphqlWsDist = path.dirname(createRequire(import.meta.url).resolve('graphql-ws'));

function loadAssets(): Map<string, Asset> {
  const assets = loadSharedAssets();
  const page = load(path.join(assetsDir, 'index.html'));
  assets.set('/', page);
  assets.set('/ticker', page);
  assets.set('/ticker/', page);
  assets.set('/ticker/assets/ticker.js', load(path.join(assetsDir, 'ticker.js')));
  assets.set('/ticker/assets/transports.js', load(path.join(assetsDir, 'transports.js')));
  assets.set('/ticker/assets/ticker.css', load(path.join(assetsDir, 'ticker.css')));
  assets.set('/ticker/assets/graphql-ws.js', load(path.join(graphqlWsDist, 'client.js')));
  for (const name of readdirSync(graphqlWsDist)) {
    if (/^common-[A-Za-z0-9_-]+\.js$/.test(name))
      assets.set(`/ticker/assets/${name}`, load(path.join(graphqlWsDist, name)));
  }
  return assets;
}

/**
 * Serves the live ticker page at / and /ticker, and its assets under /ticker/assets/. As the site's root
 * page it also serves the assets all pages share, under /assets/ (the review desk links them too).
 */
export function tickerRoute(): Route {
  return staticRoute(
    (pathname) =>
      pathname === '/' ||
      pathname === '/ticker' ||
      pathname.startsWith('/ticker/') ||
      isSharedAsset(pathname),
    loadAssets,
  );
}
