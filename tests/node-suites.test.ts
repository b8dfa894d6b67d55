import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { nodeSensitiveSuites, notNodeSensitive } from './support/node-suites';

const testsDir = path.dirname(fileURLToPath(import.meta.url));

function suitesOnDisk(): string[] {
  return readdirSync(testsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => file.replaceAll(path.sep, '/').replace(/\.test\.ts$/, ''))
    .sort();
}

it('names every suite once: either in the quick run (Node-sensitive) or among the others', () => {
  const quick = Object.values(nodeSensitiveSuites).flat();
  const named = [...quick, ...notNodeSensitive];
  expect(new Set(named).size, 'a suite is named twice').toBe(named.length);
  expect([...named].sort()).toEqual(suitesOnDisk());
});
