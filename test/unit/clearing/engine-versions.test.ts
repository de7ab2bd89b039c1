// Replay across engine versions: a result names the version that produced it, and a result of
// every earlier version still replays to its own bytes with that version selected. The version-1
// fixtures were made by `broker clear` on main before version 2 existed (sha256 recorded then).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearBook, CURRENT_ENGINE, engineOfResult, serializeResult, validateBook } from '../../../lib/clearing';
import type { Book } from '../../../schemas/book';
import { generateBook, type GeneratorOptions } from '../../../bench/book-generator';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

function valid(json: unknown): Book {
  const v = validateBook(json);
  if (!v.ok) throw new Error(`invalid book: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
  return v.book;
}

const SAMPLE_V1_SHA256 = 'be5767fb28fed07dcfb9819143dfc9de55642cf94253564a4fc017352f71a1cb';

/** sha256 of version-1 results of generated books (branch-and-bound and MIP paths), recorded on main. */
const V1_GENERATED: { options: GeneratorOptions; sha256: string }[] = [
  { options: { seed: 1, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, blockShare: 0.75 }, sha256: '329ce8b5073fd24ade44fec1aa9d28ec7cecf357f807b81233701112da993aa3' },
  { options: { seed: 2, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, pricing: 'pay-as-bid', blockShare: 0.75 }, sha256: '28b2a4006cd48c9a1a114e043acdd1b212b800eace592686014642821c8398be' },
  { options: { seed: 3, intervals: 48, intervalMinutes: 30, miners: 200, blocks: 60, blockShare: 0.75 }, sha256: 'd76a5e4dd0079a55d26e499124ee20623a2387ca19933b066761f83a77d437c5' },
  { options: { seed: 1, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, blockShare: 1.5 }, sha256: '1f7067e40758ea3446ac8655cac9907d0cea90b007f21af6cd7d21ac6c6e2635' },
  { options: { seed: 2, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, pricing: 'pay-as-bid', blockShare: 1.5 }, sha256: 'b3d7e76a69b6c5df486b1471d916b6976152522c36f43ec6eafca7d463ea861e' },
  { options: { seed: 3, intervals: 48, intervalMinutes: 30, miners: 200, blocks: 60, blockShare: 1.5 }, sha256: 'b735ca336ffb4073ebd7cb80731fd0b635678bdbe75b17f79256dd6561b8e1a8' },
  { options: { seed: 1, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, blockShare: 3 }, sha256: '3418b6dc376dbefff084a430cabaf82d0f344792f7af5297be36a130da564051' },
  { options: { seed: 2, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, pricing: 'pay-as-bid', blockShare: 3 }, sha256: 'f9b88480d3ce13b0ee40a03df959088175a937ae2f6da3632d63b1b99b812410' },
];

/**
 * sha256 of version-2 results, recorded on main before version 3 existed: the sample book and
 * generated books, among them books in the competitive regime where version 3 dives on the LP
 * and finds more welfare (the last three).
 */
const V2_SAMPLE_SHA256 = '8fa46f95f7cb0a08182ce340303a763bdad22237a40947b703daf0a61f6127a5';
const V2_GENERATED: { options: GeneratorOptions; sha256: string; welfare: number }[] = [
  { options: { seed: 1, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, blockShare: 1.5 }, sha256: '436c2ea11791fbc4670309c813851ca0fcc6f345d9b95dcbf9760c8a296eb719', welfare: 6137470.06754 },
  { options: { seed: 4, intervals: 96, intervalMinutes: 15, miners: 2000, blocks: 300, blockShare: 1.5 }, sha256: '9d92c49e2671318f01b7311928f0a14266e5bbabca37670c1a90c0063d419a89', welfare: 7389389.140073 },
  { options: { seed: 5, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 1.5 }, sha256: '3e5d3fd9b41c13083e7c1fb5a96ceef0d1b54092a4f544ede06869b9ebca3841', welfare: 7775710.994168 },
  { options: { seed: 6, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 3, pricing: 'pay-as-bid' }, sha256: 'c56672575ee5deec4994d0aea2c67f35d8f09f64172c5d30ab10257d0f19bb34', welfare: 7842786.487785 },
];

describe('engine versions', () => {
  const sampleBook = valid(JSON.parse(read('../../../docs/sample-book.json')));

  it('the stored version-1 result of the sample book is the one recorded on main', () => {
    expect(sha256(read('./fixtures/sample-result.engine-1.json'))).toBe(SAMPLE_V1_SHA256);
  });

  it('replays the stored version-1 result of the sample book byte for byte with version 1 selected', async () => {
    const stored = read('./fixtures/sample-result.engine-1.json');
    const stats = (JSON.parse(stored) as { stats: Record<string, unknown> }).stats;
    const engine = engineOfResult(stats);
    expect(engine).toBe('surplus-clearing-engine/1');
    expect(serializeResult(await clearBook(sampleBook, { engine }))).toBe(stored);
  });

  it.each(V1_GENERATED)('replays the version-1 result of generated book %#', async ({ options, sha256: expected }) => {
    const result = await clearBook(valid(generateBook(options)), { engine: 'surplus-clearing-engine/1' });
    expect(result.stats.engine).toBeUndefined();
    expect(sha256(serializeResult(result))).toBe(expected);
  });

  it('replays the version-2 result of the sample book with version 2 selected', async () => {
    const result = await clearBook(sampleBook, { engine: 'surplus-clearing-engine/2' });
    expect(result.stats.engine).toBe('surplus-clearing-engine/2');
    expect(sha256(serializeResult(result))).toBe(V2_SAMPLE_SHA256);
  });

  it.each(V2_GENERATED.map((g, i) => ({ ...g, i })))('replays the version-2 result of generated book $i, and version 3 does no worse', async ({ options, sha256: expected, welfare }) => {
    const book = valid(generateBook(options));
    const v2 = await clearBook(book, { engine: 'surplus-clearing-engine/2' });
    expect(sha256(serializeResult(v2))).toBe(expected);
    expect(v2.welfare).toBe(welfare);
    const v3 = await clearBook(book);
    expect(v3.stats.engine).toBe('surplus-clearing-engine/3');
    expect(v3.welfare).toBeGreaterThanOrEqual(v2.welfare);
    expect(v3.bound).toBeLessThanOrEqual(v2.bound);
    if (v2.stats.method === 'lagrangian') expect(v3.welfare).toBeGreaterThan(v2.welfare); // the dive pays on these books
  });

  it('a current result names its engine version, and replays with the version it names', async () => {
    const result = await clearBook(sampleBook);
    expect(result.stats.engine).toBe(CURRENT_ENGINE);
    const bytes = serializeResult(result);
    const named = engineOfResult((JSON.parse(bytes) as { stats: Record<string, unknown> }).stats);
    expect(serializeResult(await clearBook(sampleBook, { engine: named }))).toBe(bytes);
  });

  it('does not recognise a version it does not know', () => {
    expect(engineOfResult({ engine: 'surplus-clearing-engine/99' })).toBeUndefined();
  });
});
