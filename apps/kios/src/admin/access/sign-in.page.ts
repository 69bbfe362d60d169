import { escapeHtml } from '../order-timeline.page';

const STYLE = `
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2630; background: #f5f7fa; }
  main { max-width: 360px; margin: 80px auto; background: #fff; border: 1px solid #c9d2dc; border-radius: 6px; padding: 20px 24px; }
  h1 { font-size: 20px; margin: 0 0 16px; }
  label { display: block; margin: 10px 0 4px; color: #5b6675; }
  input { width: 100%; box-sizing: border-box; padding: 6px 8px; font: inherit; }
  button { margin-top: 16px; padding: 6px 16px; font: inherit; }
  .problem { background: #ffe3e3; color: #8a1c1c; padding: 6px 8px; border-radius: 4px; }
`;

/** The sign-in form: server-side HTML, no script; `problem` says why the last attempt failed. */
export function renderSignInPage(options: { next: string; name?: string; problem?: string }): string {
  const problem = options.problem ? `<p class="problem" role="alert">${escapeHtml(options.problem)}</p>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Sign in · kios</title><style>${STYLE}</style></head><body><main>`,
    '<h1>Sign in to kios</h1>',
    problem,
    '<form method="post" action="/admin/sign-in">',
    `<input type="hidden" name="next" value="${escapeHtml(options.next)}">`,
    '<label for="name">User name</label>',
    `<input id="name" name="name" autocomplete="username" required value="${escapeHtml(options.name ?? '')}">`,
    '<label for="password">Password</label>',
    '<input id="password" name="password" type="password" autocomplete="current-password" required>',
    '<button type="submit">Sign in</button>',
    '</form></main></body></html>',
  ].join('\n');
}
