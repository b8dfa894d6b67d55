// Shared helpers for the seed tools (plain Node ESM, no dependencies).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const seedsDir = path.join(root, 'seeds');

export const ARTICLE_FILES = {
  '000': 'articles/000_9f22e90a9eb24ad2.txt',
  '001': 'articles/001_7417a749f6004c71.txt',
  '002': 'articles/002_85d1c4237988a187.txt',
  '003': 'articles/003_948eaf6ca46a4cfb.txt',
  '004': 'articles/004_fc3fed639c1152ba.txt',
};

const cache = new Map();
/** The article text exactly as the app reads it: fs.readFileSync(path, 'utf8'), nothing stripped. */
export function articleText(key) {
  if (!cache.has(key)) {
    const file = ARTICLE_FILES[key];
    if (!file) throw new Error(`unknown article key ${key}`);
    cache.set(key, readFileSync(path.join(seedsDir, file), 'utf8'));
  }
  return cache.get(key);
}

/** Every start index of `needle` in `text`. */
export function occurrences(text, needle) {
  const found = [];
  let at = text.indexOf(needle);
  while (at >= 0) {
    found.push(at);
    at = text.indexOf(needle, at + 1);
  }
  return found;
}

export const LETTER = /[\p{L}\p{M}]/u;
