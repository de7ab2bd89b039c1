// The house rules of docs/architecture.md, checked on the source: who may import whom, file
// sizes, thin Lambda entries, and how many type assertions the DynamoDB adapters may use.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Each area and the areas it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  'lib/kernel': [],
  'lib/clearing': ['lib/kernel', 'schemas'],
  'lib/market': ['lib/kernel', 'schemas'],
  'lib/notify': ['lib/kernel', 'schemas'],
  'lib/lifecycle': ['lib/kernel', 'lib/market', 'lib/notify', 'schemas'],
  // The OpenADR 3 VTN's objects and mappings: broker concepts (lifecycle, market) → OpenADR objects.
  'lib/openadr': ['lib/kernel', 'lib/lifecycle', 'lib/market', 'lib/notify', 'schemas'],
  'lib/api-client': ['schemas'],
  // The dashboard words a result's reasons with lib/clearing/reason-words (pure, no solver).
  'lib/dashboard': ['lib/api-client', 'lib/clearing', 'lib/kernel', 'lib/lifecycle', 'schemas'],
  'lib/http': ['lib/dashboard', 'lib/kernel', 'lib/lifecycle', 'lib/market', 'lib/notify', 'lib/openadr', 'schemas'],
  'lib/store': ['lib/kernel', 'lib/lifecycle', 'lib/market', 'lib/notify', 'lib/openadr', 'schemas'],
  'lib/composition': ['lib/clearing', 'lib/config', 'lib/http', 'lib/kernel', 'lib/lifecycle', 'lib/market', 'lib/notify', 'lib/openadr', 'lib/store', 'schemas'],
  'lib/infra': ['lib/store', 'lib/kernel', 'lib/dashboard'],
  'apps/cli': ['lib/api-client', 'lib/clearing', 'lib/kernel', 'schemas'],
  'apps/local': ['lib/api-client', 'lib/composition', 'lib/config', 'lib/kernel', 'lib/lifecycle', 'lib/market', 'lib/notify', 'lib/store', 'schemas'],
  functions: ['lib/composition', 'lib/config'],
  schemas: [],
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function areaOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'lib' || parts[0] === 'apps') return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path.replace(/\.tsx?$/, '');
  return parts[0]!;
}

const FILES = ['lib', 'apps', 'functions', 'schemas'].flatMap(sources);
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const codeLines = (path: string) => text(path).split('\n').filter((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;

describe('architecture', () => {
  it('every import follows the layering', () => {
    const violations: string[] = [];
    for (const file of FILES) {
      const from = areaOf(file);
      for (const match of text(file).matchAll(/from '(\.[^']+)'/g)) {
        const to = areaOf(relative(ROOT, normalize(join(ROOT, dirname(file), match[1]!))));
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) violations.push(`${file} → ${to}`);
      }
    }
    expect(violations).toEqual([]);
  });
  it('no source file in lib/ or apps/ is over 300 lines', () => {
    const long = FILES.filter((f) => /^(lib|apps)\//.test(f) && text(f).split('\n').length > 300);
    expect(long).toEqual([]);
  });
  it('Lambda entry points are at most 15 lines of code', () => {
    const fat = sources('functions').filter((f) => codeLines(f) > 15);
    expect(fat).toEqual([]);
  });
  it('the DynamoDB adapters use at most 3 type assertions (stored items decode through codecs)', () => {
    const assertions = sources('lib/store').flatMap((f) => text(f).split('\n')
      .filter((l) => !/^\s*(\/\/|\*|import )/.test(l))
      .flatMap((l) => [...l.matchAll(/\bas (?!const\b)[A-Z{[(a-z]|\w!\.|\w!\)|\w!;|\]!/g)].map(() => `${f}: ${l.trim()}`)));
    expect(assertions.length).toBeLessThanOrEqual(3);
  });
});
