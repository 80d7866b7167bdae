// Shared page shell for the fake's HTML pages (bridge, follow). Every value placed in a page goes
// through escapeHtml() / jsonForScript() by the caller; this module only adds static markup.

import { escapeHtml } from './http-util.mjs';

const STYLE = `
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Apple SD Gothic Neo", sans-serif; color: #191919; background: #fafafa; }
  header { background: #FEE500; padding: 12px 20px; font-weight: 700; }
  header small { font-weight: 400; color: #3c1e1e; margin-left: 8px; }
  main { padding: 16px 20px; max-width: 720px; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
  th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; word-break: break-all; }
  th { background: #f2f2f2; width: 30%; }
  code { background: #f2f2f2; padding: 0 4px; border-radius: 3px; }
  .error { color: #b00020; font-weight: 700; }
  .muted { color: #666; }
  button { font: inherit; padding: 8px 18px; margin-right: 8px; border-radius: 6px; border: 1px solid #ccc; cursor: pointer; }
  button#follow-add { background: #FEE500; border-color: #e6cf00; font-weight: 700; }
`;

/**
 * Renders a full HTML document. `title` is escaped here; `bodyHtml` must already be safe markup.
 */
export function renderPage({ title, bodyHtml }) {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>kakao <small>fake server for tests — not Kakao</small></header>
<main>
${bodyHtml}
</main>
</body>
</html>
`;
}

/** A two-column table of query parameters; each row carries data-param="<name>". */
export function renderParamTable(params) {
  const rows = [...params]
    .map(
      ([name, value]) =>
        `<tr data-param="${escapeHtml(name)}"><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  if (!rows) return '<p class="muted" data-testid="no-params">(no query parameters)</p>';
  return `<table data-testid="params">\n<tr><th>parameter</th><th>value (decoded)</th></tr>\n${rows}\n</table>`;
}
