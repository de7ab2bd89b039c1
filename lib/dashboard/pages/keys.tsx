// API keys: the operator's list of every key (role, classes, created, last used, expiry,
// status) with revoke and rotate, and a form to create one; a bidder sees and rotates its own.
// A new secret is shown once, on the answer to the form that made it, and never again.
import { Layout, type Viewer } from '../layout';
import type { KeySummary } from '../../../schemas/api/keys';
import { utc } from '../format';

/** "2026-12-01 00:00" (the column header says UTC). */
const utcShort = (iso: string) => utc(iso).replace(/ UTC$/, '');
import { GRACE_CHOICES } from '../keys-load';

/** The secret just created or rotated, shown on this one answer. */
export interface NewSecret {
  keyId: string;
  key: string;
  action: 'created' | 'rotated';
  /** Rotations: when the replaced secret stops working. */
  previousKeyValidUntil?: string | undefined;
}

export interface KeysPageProps {
  base: string;
  viewer: Viewer;
  keys: KeySummary[];
  /** The key this session signed in with (not offered for revocation here). */
  sessionKeyId: string;
  nextCursor?: string | undefined;
  newSecret?: NewSecret | undefined;
  message?: string | undefined;
  error?: string | undefined;
  /** One fresh id per rendered form: the Idempotency-Key of what it posts. */
  requestId: () => string;
}

/** lib/market/keys.ts's BOOTSTRAP_KEY_ID: its secret follows the environment, so it is not rotated here. */
const BOOTSTRAP_KEY_ID = 'key_bootstrap';

function SecretOnce({ secret }: { secret: NewSecret }) {
  return (
    <section class="card secret" data-testid="new-secret" role="status">
      <h2>{secret.action === 'created' ? `Key ${secret.keyId} created` : `Key ${secret.keyId} rotated`}</h2>
      <p>Copy the secret now: it is stored only as a hash and is never shown again.</p>
      <p><code class="secret-value" data-testid="secret-value">{secret.key}</code></p>
      {secret.previousKeyValidUntil ? <p class="muted" data-testid="previous-valid-until">{`The replaced secret works until ${utc(secret.previousKeyValidUntil)}.`}</p> : null}
    </section>
  );
}

function KeyActions({ base, viewer, row, sessionKeyId, requestId }: { base: string; viewer: Viewer; row: KeySummary; sessionKeyId: string; requestId: () => string }) {
  if (row.status !== 'active') return <span class="muted">–</span>;
  const path = `${base}/keys/${encodeURIComponent(row.keyId)}`;
  const own = row.keyId === sessionKeyId;
  return (
    <div class="key-actions">
      {row.keyId === BOOTSTRAP_KEY_ID ? <span class="muted" title="Set a new BROKER_BOOTSTRAP_KEY and restart to replace it">set by environment</span> : (
        <form method="post" action={`${path}/rotate`} data-testid="rotate-form">
          <input type="hidden" name="csrf" value={viewer.csrf} />
          <input type="hidden" name="requestId" value={requestId()} />
          <select name="gracePeriodSeconds" aria-label={`Grace for the old secret of ${row.keyId}`}>
            {GRACE_CHOICES.map((g) => <option value={String(g.seconds)}>{g.label}</option>)}
          </select>
          <button type="submit">Rotate</button>
        </form>
      )}
      {viewer.role === 'operator' && !own ? (
        <form method="post" action={`${path}/revoke`} data-testid="revoke-form">
          <input type="hidden" name="csrf" value={viewer.csrf} />
          <button type="submit" class="danger">Revoke</button>
        </form>
      ) : null}
      {own ? <span class="muted" data-testid="this-session">this session</span> : null}
    </div>
  );
}

function CreateForm({ base, viewer, requestId }: { base: string; viewer: Viewer; requestId: () => string }) {
  return (
    <section class="card">
      <h2>Create a key</h2>
      <form class="create-key" method="post" action={`${base}/keys`} data-testid="create-key-form">
        <input type="hidden" name="csrf" value={viewer.csrf} />
        <input type="hidden" name="requestId" value={requestId()} />
        <label>Role
          <select name="role"><option value="bidder">bidder</option><option value="operator">operator</option></select>
        </label>
        <label>Bidder id
          <input name="bidderId" maxlength={64} pattern="[A-Za-z0-9._\-]+" placeholder="miner-7" />
        </label>
        <fieldset>
          <legend>Classes (bidders)</legend>
          <label><input type="checkbox" name="classes" value="ai" /> ai</label>
          <label><input type="checkbox" name="classes" value="mining" /> mining</label>
        </fieldset>
        <label>Expires (UTC, optional)
          <input type="datetime-local" name="expiresAt" />
        </label>
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}

export function KeysPage(props: KeysPageProps) {
  const { base, viewer, keys, sessionKeyId, nextCursor, newSecret, message, error, requestId } = props;
  const operator = viewer.role === 'operator';
  return (
    <Layout title="API keys" base={base} viewer={viewer} scripts={['table.js']}>
      <h1>API keys</h1>
      {newSecret ? <SecretOnce secret={newSecret} /> : null}
      {message ? <p class="notice" role="status" data-testid="keys-message">{message}</p> : null}
      {error ? <p class="error" role="alert" data-testid="keys-error">{error}</p> : null}
      <section class="card">
        {operator ? null : <p class="muted">Your key. The operator creates and revokes keys; you can rotate yours (its secret is replaced; sign in again with the new one).</p>}
        <div class="table-wrap">
          <table id="keys" data-sortable data-testid="keys-table">
            <thead>
              <tr>
                <th><button class="sort" type="button">Key</button></th>
                <th><button class="sort" type="button">Role</button></th>
                <th><button class="sort" type="button">Bidder</button></th>
                <th><button class="sort" type="button">Classes</button></th>
                <th><button class="sort" type="button">Created (UTC)</button></th>
                <th><button class="sort" type="button">Last used (UTC)</button></th>
                <th><button class="sort" type="button">Expires (UTC)</button></th>
                <th><button class="sort" type="button">Status</button></th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((row) => (
                <tr data-key={row.keyId}>
                  <td><code>{row.keyId}</code></td>
                  <td>{row.role}</td>
                  <td>{row.bidderId}</td>
                  <td>{row.classes.length ? row.classes.join(', ') : '–'}</td>
                  <td data-value={row.createdAt}>{utcShort(row.createdAt)}</td>
                  <td data-value={row.lastUsedAt ?? ''} data-col="lastUsedAt">{row.lastUsedAt ? utcShort(row.lastUsedAt) : 'never'}</td>
                  <td data-value={row.expiresAt ?? ''}>{row.expiresAt ? utcShort(row.expiresAt) : 'never'}</td>
                  <td><span class={`status status-${row.status}`} data-testid="key-status">{row.status}</span></td>
                  <td class="actions"><KeyActions base={base} viewer={viewer} row={row} sessionKeyId={sessionKeyId} requestId={requestId} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nextCursor ? <p><a href={`${base}/keys?cursor=${encodeURIComponent(nextCursor)}`}>Next page →</a></p> : null}
      </section>
      {operator ? <CreateForm base={base} viewer={viewer} requestId={requestId} /> : null}
    </Layout>
  );
}
