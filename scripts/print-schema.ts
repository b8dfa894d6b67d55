// Writes schema.graphql from the Pothos code; tests fail when the committed file differs.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchemaSDL } from '../src/schema';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema.graphql');
await writeFile(target, printSchemaSDL());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
