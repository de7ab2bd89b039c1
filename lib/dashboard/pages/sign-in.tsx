// Sign-in: the API key is posted once over this form and exchanged for a session cookie.
import { Layout } from '../layout';

export function SignInPage({ base, csrf, error }: { base: string; csrf: string; error?: string | undefined }) {
  return (
    <Layout title="Sign in" base={base}>
      <section class="card">
        <h1>Sign in</h1>
        <p class="muted">Use the API key the operator gave you. It is kept only in an encrypted, HttpOnly session cookie.</p>
        {error ? <p class="error" role="alert" data-testid="sign-in-error">{error}</p> : null}
        <form class="sign-in" method="post" action={`${base}/sign-in`}>
          <input type="hidden" name="csrf" value={csrf} />
          <label for="key">API key</label>
          <input id="key" name="key" type="password" autocomplete="off" required maxlength={512} />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}
