import { cpus, totalmem, release } from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rootDir } from './options';

function version(pkg: string): string {
  try {
    return JSON.parse(readFileSync(path.join(rootDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

export function machineInfo() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    packages: Object.fromEntries(
      [
        '@prisma/client',
        'prisma',
        '@prisma/adapter-pg',
        '@electric-sql/pglite',
        'pglite-prisma-adapter',
        'graphql',
        'graphql-yoga',
        'graphql-ws',
        'ws',
        '@pothos/core',
        '@pothos/plugin-prisma',
        'autocannon',
        'pg',
      ].map((pkg) => [pkg, version(pkg)]),
    ),
  };
}
