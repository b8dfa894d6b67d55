import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectedNodeMajor } from './support/run-profile';

const run = promisify(execFile);
const major = (version: string) => Number(/^v?(\d+)\./.exec(version.trim())?.[1]);

// .ci/run repeats the suite with a second Node first on PATH and says which one it means; this proves the
// test workers and the processes they start (which use `process.execPath`, or `node` from PATH) run on it.
describe.skipIf(expectedNodeMajor === undefined)('the Node version this run was asked to test', () => {
  it('runs the test workers', () => {
    expect(major(process.version)).toBe(expectedNodeMajor);
  });

  it('runs child processes started from process.execPath and from PATH', async () => {
    const fromExecPath = await run(process.execPath, ['-p', 'process.version']);
    const fromPath = await run('node', ['-p', 'process.version']);
    expect(major(fromExecPath.stdout)).toBe(expectedNodeMajor);
    expect(major(fromPath.stdout)).toBe(expectedNodeMajor);
  });
});
