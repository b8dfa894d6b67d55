import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathOf } from '../../src/server/routes';
import { propertyRuns } from '../support/run-profile';

/** What the routes compared against before the shortcut: the WHATWG URL parser's pathname. */
const parsedPath = (url: string) => {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return '/';
  }
};

describe('pathOf', () => {
  it('gives the URL parser’s pathname for request targets of every shape', () => {
    const piece = fc.constantFrom(
      '/',
      '//',
      '.',
      '..',
      '%2e',
      '%2F',
      '\\',
      '?',
      '#',
      'graphql',
      'health',
      'a-b_c',
      ' ',
      'é',
      '@',
      ':',
    );
    const target = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
      fc.string(),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(target, (url) => {
        expect(pathOf(url)).toBe(parsedPath(url ?? '/'));
      }),
      { numRuns: propertyRuns(5000) },
    );
  });

  it('reads the common targets', () => {
    expect(pathOf('/graphql')).toBe('/graphql');
    expect(pathOf('/graphql?query={a}')).toBe('/graphql');
    expect(pathOf('/health#x')).toBe('/health');
    expect(pathOf('/./health')).toBe('/health');
    expect(pathOf('//evil/health')).toBe('/health');
    expect(pathOf('/a/../ready')).toBe('/ready');
    expect(pathOf(undefined)).toBe('/');
  });
});
