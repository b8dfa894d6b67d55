import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root (where package.json, prisma/ and seeds/ are). Found by walking up rather than by a
 * fixed `../..`, because the same code runs from src/ under tsx and bundled from dist/ by `npm start`.
 */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma'))) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`No project root (package.json beside prisma/) above ${from}`);
  }
}
