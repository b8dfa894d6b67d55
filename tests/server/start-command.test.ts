import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { root, serverNodeArgs } from '../../scripts/build.mjs';

// `npm start` cannot import the arguments the test and soak processes and the bench start the server with
// (scripts/build.mjs): it must spell out the same ones.
it('starts the bundle with the server Node arguments the tests, the soak and the bench use', () => {
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  expect(scripts.start).toBe(`exec node ${serverNodeArgs.join(' ')} dist/main.mjs`);
});
