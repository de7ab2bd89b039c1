// The page frame: header with the signed-in identity and sign-out, the stylesheet and scripts
// served by the dashboard itself (external files only, so the CSP can forbid inline scripts).
import type { Child } from 'hono/jsx';

export interface Viewer {
  role: 'operator' | 'bidder';
  bidderId: string;
  csrf: string;
}

export interface LayoutProps {
  title: string;
  base: string;
  viewer?: Viewer | null;
  scripts?: string[];
  children?: Child;
}

export function Layout({ title, base, viewer, scripts = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Surplus Broker`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${base}/assets/uPlot.min.css`} />
        <link rel="stylesheet" href={`${base}/assets/dashboard.css`} />
        {['table.js', ...scripts.filter((name) => name !== 'table.js')].map((name) => <script src={`${base}/assets/${name}`} defer />)}
      </head>
      <body>
        <header class="top">
          <nav class="nav">
            <a href={`${base}/auctions`}>Surplus Broker</a>
            {viewer ? <a href={`${base}/auctions`} class="nav-link">Auctions</a> : null}
            {viewer ? <a href={`${base}/keys`} class="nav-link" data-testid="nav-keys">{viewer.role === 'operator' ? 'Keys' : 'My key'}</a> : null}
          </nav>
          {viewer ? (
            <div class="who">
              <span data-testid="viewer">{viewer.role === 'operator' && viewer.bidderId === 'operator' ? 'operator' : `${viewer.role} ${viewer.bidderId}`}</span>
              <form method="post" action={`${base}/sign-out`}>
                <input type="hidden" name="csrf" value={viewer.csrf} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          ) : null}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
