// JSON for a <script type="application/json"> block: escapes every character that could end the
// element or start markup (`<`, `>`, `&`) and the line separators JSON allows but JS does not,
// so no value from a bid or a key can break out of the block.
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
