// zod issue paths as the API reports them (RFC 9457 `errors[].path`): `bids[3].steps[0].mw`.
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
