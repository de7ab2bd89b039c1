// Byte spans of the object elements of one top-level array in a JSON document, found by a single
// pass that tracks strings and depth (no parse): where each bid of a result file sits in its bytes.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]

/** [start, end) of each `{…}` element of the array under top-level `key`; undefined when there is none. */
export function objectSpansOfArray(data: Uint8Array, key: string): [number, number][] | undefined {
  const want = Buffer.from(JSON.stringify(key), 'utf8');
  let depth = 0;
  let lastString: [number, number] | undefined; // the last string closed at depth 1 (a key, if a colon follows)
  let currentKey = false; // the value being read at depth 1 belongs to `key`
  let inTarget = false;
  let elementStart = -1;
  const spans: [number, number][] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === QUOTE) {
      const start = i;
      for (i++; i < data.length && data[i] !== QUOTE; i++) if (data[i] === BACKSLASH) i++;
      if (depth === 1) lastString = [start, i + 1];
    } else if (c === COLON && depth === 1) {
      currentKey = lastString !== undefined && Buffer.compare(data.subarray(lastString[0], lastString[1]), want) === 0;
    } else if (c !== undefined && OPEN.has(c)) {
      depth++;
      if (depth === 2 && currentKey && c === 0x5b) inTarget = true;
      else if (depth === 3 && inTarget && c === 0x7b) elementStart = i;
    } else if (c !== undefined && CLOSE.has(c)) {
      if (depth === 3 && inTarget && elementStart >= 0) { spans.push([elementStart, i + 1]); elementStart = -1; }
      if (depth === 2 && inTarget) return spans;
      depth--;
    }
  }
  return undefined;
}
