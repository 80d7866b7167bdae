// README.ko.md is README.md for Korean readers, and these tests fail when the two drift apart:
// (a) the same fenced code blocks, with the same info strings, in the same order, equal once
//     comments and trailing white space are stripped (comments may be translated);
// (b) the same heading structure (levels 1 to 4, in order);
// (c) each README links the other near its top;
// (d) the same pictures from docs/images/, the Korean ones first in README.ko.md;
// plus: every in-page link (#anchor) in either README resolves to a heading or an <a id>.
// A failure names the block (number, fence lines) and the first line that differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EN = 'README.md';
const KO = 'README.ko.md';
const read = (name) => readFileSync(root + name, 'utf8');

// ---------------------------------------------------------------------------------------------
// Markdown: fenced code blocks, and the text outside them

/**
 * Splits Markdown into its fenced code blocks and the lines outside them.
 * @returns {{ blocks: { info: string, lang: string, code: string, line: number }[], prose: string[] }}
 *   `line` is the 1-based line of the opening fence; `prose` has every line, with the lines of
 *   code blocks (fences included) replaced by '' so that line numbers stay true.
 */
export function parseMarkdown(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  const prose = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open || (open[2][0] === '`' && open[3].includes('`'))) {
      prose.push(lines[i]);
      continue;
    }
    const [, indent, fence, rest] = open;
    const info = rest.trim();
    const body = [];
    const start = i;
    prose.push('');
    for (i++; i < lines.length; i++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[i]);
      prose.push('');
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      // Content lines lose up to the fence's own indentation, as CommonMark does.
      let k = 0;
      while (k < indent.length && lines[i][k] === ' ') k++;
      body.push(lines[i].slice(k));
    }
    blocks.push({ info, lang: (info.split(/\s+/)[0] || '').toLowerCase(), code: body.join('\n'), line: start + 1 });
  }
  return { blocks, prose };
}

// ---------------------------------------------------------------------------------------------
// Comment stripping

/** Collects the code that remains; remembers which lines lost a comment. */
class Emitter {
  out = '';
  line = 0;
  marked = new Set();
  keep(s) {
    for (const ch of s) {
      this.out += ch;
      if (ch === '\n') this.line++;
    }
  }
  drop(s) {
    this.marked.add(this.line);
    for (const ch of s) {
      if (ch !== '\n') continue;
      this.out += '\n';
      this.line++;
      this.marked.add(this.line);
    }
  }
}

const JS_LANGS = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx', 'ts', 'typescript', 'mts', 'cts', 'tsx', 'jsonc', 'json5']);
const CSS_LANGS = new Set(['css', 'scss', 'less']);
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'console', 'shellsession', 'dockerfile', 'docker', 'env', 'dotenv']);
const HASH_LANGS = new Set(['yaml', 'yml', 'toml', 'python', 'py', 'ruby', 'rb', 'ini', 'conf', 'properties', 'gitignore', 'make', 'makefile']);
const HTML_LANGS = new Set(['html', 'htm', 'xml', 'svg', 'vue', 'svelte', 'astro', 'xhtml']);
const RUST_LANGS = new Set(['rust', 'rs']);
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Scans C-family code from `i` to `end`: `//` and `/* *\/` comments (and `{/* *\/}` in JSX) are
 * dropped; strings ('…', "…"), template literals (with `${…}` nesting) and regular-expression
 * literals are kept whole, so a `//` or `/*` inside them is not a comment. A '…' or "…" string
 * ends at the end of its line at the latest, so one stray quote (JSX text) costs one line.
 */
function scanC(src, i, end, em, { quotes = `'"\``, regex = true, jsx = false, lineComments = true } = {}) {
  const stack = []; // brace depth at each open `${`
  let depth = 0;
  let lastSig = ''; // the last non-space character of code
  let lastWord = '';
  const copyQuoted = (q) => {
    let j = i + 1;
    while (j < end && src[j] !== q && src[j] !== '\n') j += src[j] === '\\' && src[j + 1] !== '\n' ? 2 : 1;
    if (j < end && src[j] === q) j++;
    em.keep(src.slice(i, Math.min(j, end)));
    i = Math.min(j, end);
  };
  const templateText = () => {
    // i is just inside a template literal's text
    let j = i;
    while (j < end) {
      if (src[j] === '\\') j += 2;
      else if (src[j] === '`') { j++; break; }
      else if (src[j] === '$' && src[j + 1] === '{') { j += 2; stack.push(depth); depth++; break; }
      else j++;
    }
    em.keep(src.slice(i, Math.min(j, end)));
    i = Math.min(j, end);
  };
  while (i < end) {
    const c = src[i];
    const d = src[i + 1];
    if (jsx && c === '{') {
      const m = /^\{[ \t]*\/\*[\s\S]*?\*\/[ \t]*\}/.exec(src.slice(i, end));
      if (m) {
        em.drop(m[0]);
        i += m[0].length;
        continue;
      }
    }
    if (lineComments && c === '/' && d === '/') {
      let j = i;
      while (j < end && src[j] !== '\n') j++;
      em.drop(src.slice(i, j));
      i = j;
      continue;
    }
    if (c === '/' && d === '*') {
      const close = src.indexOf('*/', i + 2);
      const j = close < 0 || close + 2 > end ? end : close + 2;
      em.drop(src.slice(i, j));
      i = j;
      continue;
    }
    if (quotes.includes(c)) {
      if (c === '`') {
        em.keep(c);
        i++;
        templateText();
      } else copyQuoted(c);
      lastSig = 'a';
      lastWord = '';
      continue;
    }
    if (regex && c === '/' && (lastSig === '' || '(,=:[!&|?{};+-*%>~^'.includes(lastSig) || REGEX_AFTER_WORD.has(lastWord))) {
      let j = i + 1;
      let inClass = false;
      while (j < end && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      if (j < end && src[j] === '/') {
        j++;
        while (j < end && /[a-z]/i.test(src[j])) j++;
        em.keep(src.slice(i, j));
        i = j;
        lastSig = 'a';
        lastWord = '';
        continue;
      }
    }
    if (c === '{') depth++;
    if (c === '}') {
      depth--;
      if (stack.length && depth === stack[stack.length - 1]) {
        stack.pop();
        em.keep(c);
        i++;
        templateText();
        lastSig = 'a';
        lastWord = '';
        continue;
      }
    }
    em.keep(c);
    if (!/\s/.test(c)) {
      lastWord = /[\w$]/.test(c) ? (/[\w$]/.test(lastSig) ? lastWord : '') + c : '';
      lastSig = c;
    }
    i++;
  }
}

/**
 * Scans `#`-comment code (shell, YAML, TOML, Python…) from `i` to `end`. A `#` starts a comment
 * outside quotes, and in shell and YAML only at the start of a word (`https://x/#y` and `${#a}`
 * are code). A `#!` first line (shebang) is code.
 */
function scanHash(src, i, end, em, { shell = false, yaml = false } = {}) {
  if (i === 0 && src.startsWith('#!')) {
    const j = src.indexOf('\n') < 0 ? end : src.indexOf('\n');
    em.keep(src.slice(0, j));
    i = j;
  }
  const wordStart = shell || yaml;
  while (i < end) {
    const c = src[i];
    const prev = i === 0 ? '\n' : src[i - 1];
    const quoteMayOpen = !yaml || /[\s:[{,-]/.test(prev);
    if ((c === '"' || c === "'") && quoteMayOpen) {
      let j = i + 1;
      while (j < end && src[j] !== c && !(yaml && src[j] === '\n')) j += c === '"' && src[j] === '\\' ? 2 : 1;
      if (j < end && src[j] === c) j++;
      em.keep(src.slice(i, Math.min(j, end)));
      i = Math.min(j, end);
      continue;
    }
    if (c === '#' && (!wordStart || /\s/.test(prev) || (shell && ';|&()'.includes(prev)))) {
      let j = i;
      while (j < end && src[j] !== '\n') j++;
      em.drop(src.slice(i, j));
      i = j;
      continue;
    }
    em.keep(c);
    i++;
  }
}

/** HTML: `<!-- -->` comments; <script> bodies scanned as JavaScript, <style> bodies as CSS. */
function scanHtml(src, em) {
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('<!--', i)) {
      const close = src.indexOf('-->', i + 4);
      const j = close < 0 ? src.length : close + 3;
      em.drop(src.slice(i, j));
      i = j;
      continue;
    }
    const tag = /^<(script|style)\b[^>]*>/i.exec(src.slice(i));
    if (tag) {
      em.keep(tag[0]);
      i += tag[0].length;
      const close = src.slice(i).search(new RegExp(`</${tag[1]}\\s*>`, 'i'));
      const end = close < 0 ? src.length : i + close;
      if (tag[1].toLowerCase() === 'script') scanC(src, i, end, em, { jsx: false });
      else scanC(src, i, end, em, { quotes: `'"`, regex: false, lineComments: false });
      i = end;
      continue;
    }
    em.keep(src[i]);
    i++;
  }
}

/**
 * The lines of `code` without its comments, for the language of a fence's info string:
 * trailing white space trimmed, and lines that held nothing but comments dropped (so a
 * translated comment may take more or fewer lines). Blank lines of the code itself stay.
 * Unknown languages are compared as they are.
 * @returns {{ text: string, line: number }[]} `line` is the 0-based line within the block.
 */
export function stripComments(code, lang = '') {
  const em = new Emitter();
  const l = lang.toLowerCase();
  if (JS_LANGS.has(l)) scanC(code, 0, code.length, em, { jsx: l === 'jsx' || l === 'tsx' });
  else if (CSS_LANGS.has(l)) scanC(code, 0, code.length, em, { quotes: `'"`, regex: false, lineComments: l !== 'css' });
  else if (RUST_LANGS.has(l)) scanC(code, 0, code.length, em, { quotes: '"', regex: false });
  else if (SHELL_LANGS.has(l)) scanHash(code, 0, code.length, em, { shell: true });
  else if (HASH_LANGS.has(l)) scanHash(code, 0, code.length, em, { yaml: l === 'yaml' || l === 'yml' });
  else if (HTML_LANGS.has(l)) scanHtml(code, em);
  else em.keep(code);
  return em.out
    .split('\n')
    .map((text, line) => ({ text: text.trimEnd(), line }))
    .filter(({ text, line }) => text !== '' || !em.marked.has(line));
}

/**
 * Compares the fenced code blocks of two Markdown texts.
 * @returns {string[]} one message per difference; empty when they match.
 */
export function codeBlockDrift(enText, koText, enName = EN, koName = KO) {
  const en = parseMarkdown(enText).blocks;
  const ko = parseMarkdown(koText).blocks;
  const problems = [];
  const list = (blocks) => blocks.map((b, k) => `  ${k + 1}. \`\`\`${b.info} (line ${b.line})`).join('\n');
  if (en.length !== ko.length) {
    problems.push(`${enName} has ${en.length} fenced code blocks, ${koName} has ${ko.length}.\n${enName}:\n${list(en)}\n${koName}:\n${list(ko)}`);
  }
  for (let k = 0; k < Math.min(en.length, ko.length); k++) {
    const a = en[k];
    const b = ko[k];
    const where = `code block ${k + 1} (${enName} line ${a.line}, ${koName} line ${b.line})`;
    if (a.info !== b.info) {
      problems.push(`${where}: info string \`\`\`${a.info} vs \`\`\`${b.info}`);
      continue;
    }
    const x = stripComments(a.code, a.lang);
    const y = stripComments(b.code, b.lang);
    const n = Math.max(x.length, y.length);
    for (let j = 0; j < n; j++) {
      if (x[j]?.text === y[j]?.text) continue;
      const show = (side, block) => (side ? `line ${block.line + 1 + side.line}: ${JSON.stringify(side.text)}` : '(block ends)');
      problems.push(`${where}, \`\`\`${a.info}, first difference outside comments:\n    ${enName} ${show(x[j], a)}\n    ${koName} ${show(y[j], b)}`);
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Headings, links, pictures

/** ATX headings outside code blocks: `{ level, text, line }`. */
export function headings(text) {
  return parseMarkdown(text)
    .prose.map((l, k) => ({ m: /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(l), line: k + 1 }))
    .filter(({ m }) => m)
    .map(({ m, line }) => ({ level: m[1].length, text: m[2], line }));
}

/** The anchor GitHub gives a heading (github-slugger: lower case, punctuation out, spaces to -). */
export function slug(headingText) {
  return headingText
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(text) {
  const seen = new Map();
  const anchors = new Set();
  for (const { text: t } of headings(text)) {
    const base = slug(t);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  for (const m of parseMarkdown(text).prose.join('\n').matchAll(/<a\s[^>]*\b(?:id|name)=["']([^"']+)["']/gi)) anchors.add(m[1]);
  return anchors;
}

function inPageLinks(text) {
  const prose = parseMarkdown(text).prose.map((l) => l.replace(/`[^`]*`/g, ''));
  const links = [];
  prose.forEach((l, k) => {
    for (const m of l.matchAll(/\]\(#([^)\s]+)\)|href=["']#([^"']+)["']/g)) links.push({ anchor: decodeURIComponent(m[1] ?? m[2]), line: k + 1 });
  });
  return links;
}

/** Whether one of the first `within` non-blank lines after the H1 title links to `target`. */
function linksAtTop(text, target, within = 3) {
  const lines = parseMarkdown(text).prose;
  const title = lines.findIndex((l) => /^# /.test(l));
  const top = lines.slice(title + 1).filter((l) => l.trim() !== '').slice(0, within);
  const t = target.replace(/\./g, '\\.');
  const re = new RegExp(`\\]\\(\\s*<?(?:\\./)?${t}(?:#[^)\\s>]*)?>?\\s*\\)|href=["'](?:\\./)?${t}(?:#[^"']*)?["']`);
  return title >= 0 && top.some((l) => re.test(l));
}

/** Pictures under docs/images/ shown outside code blocks, in order of appearance. */
function pictures(text) {
  const prose = parseMarkdown(text).prose.join('\n');
  const found = [];
  for (const m of prose.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\s[^>]*\bsrc=["']([^"']+)["']/gi)) {
    const src = (m[1] ?? m[2]).replace(/^\.\//, '');
    if (src.startsWith('docs/images/')) found.push(src);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The stripper and the reports, on small cases

test('stripComments: JavaScript comments go; // and /* inside strings, templates and regexes stay', () => {
  const text = (code, lang = 'js') => stripComments(code, lang).map((l) => l.text);
  assert.deepEqual(text(`fetch('https://pf.kakao.com/_x/chat'); // the chat page`), [`fetch('https://pf.kakao.com/_x/chat');`]);
  assert.deepEqual(text(`const u = "http://a.example//b"; /* why */ go(u);`), [`const u = "http://a.example//b";  go(u);`]);
  assert.deepEqual(text('const u = `https://${host}//x/${f({ a: "//" })}`; // 주석'), ['const u = `https://${host}//x/${f({ a: "//" })}`;']);
  assert.deepEqual(text(`s.replace(/\\/\\//g, '/'); // collapse`), [`s.replace(/\\/\\//g, '/');`]);
  assert.deepEqual(text(`const s = '/* not a comment */'; const t = "it's // fine";`), [`const s = '/* not a comment */'; const t = "it's // fine";`]);
  assert.deepEqual(text(`const half = total / 2; // not a regex\nconst y = a / b / c;`), ['const half = total / 2;', 'const y = a / b / c;']);
  // Comment-only lines are dropped, whatever their number; blank lines of the code stay.
  assert.deepEqual(text('a();\n\n// one\n// two\nb(); /* x\n y */\nc();'), ['a();', '', 'b();', 'c();']);
  assert.deepEqual(text('// 하나\nx();'), text('// one\n// two\n// three\nx();'));
});

test('stripComments: JSX {/* */} comments go, markup and strings stay', () => {
  const text = (code) => stripComments(code, 'tsx').map((l) => l.text);
  assert.deepEqual(text('<p>\n  {/* 안내 문구 */}\n  {note}\n</p>'), ['<p>', '  {note}', '</p>']);
  assert.deepEqual(text('<a href="https://x.example//y">{/* c */}{label}</a> // end'), ['<a href="https://x.example//y">{label}</a>']);
  assert.deepEqual(text(`<button onClick={() => go('//x')}>카카오톡 채널 추가</button>`), [`<button onClick={() => go('//x')}>카카오톡 채널 추가</button>`]);
});

test('stripComments: # starts a comment only outside strings, at a word start; shebangs stay', () => {
  const sh = (code) => stripComments(code, 'sh').map((l) => l.text);
  assert.deepEqual(sh('#!/usr/bin/env bash\n# set-up\nnpx x parse https://pf.kakao.com/_Z/chat   # → _Z'), ['#!/usr/bin/env bash', 'npx x parse https://pf.kakao.com/_Z/chat']);
  assert.deepEqual(sh(`curl 'https://a.example/#frag' -H "X-N: #1" # send`), [`curl 'https://a.example/#frag' -H "X-N: #1"`]);
  assert.deepEqual(sh('echo ${#list[@]} $# a#b; # count'), ['echo ${#list[@]} $# a#b;']);
  const yaml = (code) => stripComments(code, 'yaml').map((l) => l.text);
  assert.deepEqual(yaml(`url: "http://x.example/#y" # the URL\nname: it's#fine\n# alone\nk: v`), [`url: "http://x.example/#y"`, `name: it's#fine`, 'k: v']);
  assert.deepEqual(stripComments(`s = "a # b"  # c`, 'python').map((l) => l.text), [`s = "a # b"`]);
});

test('stripComments: HTML comments go, and script bodies lose their JavaScript comments', () => {
  const html = ['<!-- 버튼 -->', '<a href="https://pf.kakao.com/_Z/chat">Chat</a>', '<script type="module">', "  go('//x'); // run", '</script>'].join('\n');
  assert.deepEqual(stripComments(html, 'html').map((l) => l.text), ['<a href="https://pf.kakao.com/_Z/chat">Chat</a>', '<script type="module">', "  go('//x');", '</script>']);
  // Unknown languages are compared exactly.
  assert.deepEqual(stripComments('a // b\n# c', 'text').map((l) => l.text), ['a // b', '# c']);
});

test('codeBlockDrift names the block and its first differing line; comments and trailing spaces do not count', () => {
  const en = '# t\n\n```js\n// one\nrun(1);\n```\n\ntext\n\n```sh\nnpm test   # all\n```\n';
  const same = '# t\n\n```js\n// 하나\n// 둘\nrun(1);   \n```\n\n글\n\n```sh\nnpm test   # 전부\n```\n';
  assert.deepEqual(codeBlockDrift(en, same), []);
  const changed = same.replace('run(1);', 'run(2);');
  const [problem, ...rest] = codeBlockDrift(en, changed);
  assert.equal(rest.length, 0);
  assert.match(problem, /code block 1 \(README\.md line 3, README\.ko\.md line 3\)/);
  assert.match(problem, /README\.md line 5: "run\(1\);"/);
  assert.match(problem, /README\.ko\.md line 6: "run\(2\);"/);
  assert.match(codeBlockDrift(en, same.replace('```sh', '```bash'))[0], /code block 2 .*info string ```sh vs ```bash/);
  assert.match(codeBlockDrift(en, same.replace(/```sh[\s\S]*```\n$/, ''))[0], /has 2 fenced code blocks, README\.ko\.md has 1/);
});

test('slug follows GitHub: Korean kept, punctuation and code marks dropped', () => {
  assert.equal(slug('On the server (Node ≥ 20)'), 'on-the-server-node--20');
  assert.equal(slug('서버에서 사용하기 (Node ≥ 20)'), '서버에서-사용하기-node--20');
  assert.equal(slug('Command line (`npx kakao-channel`)'), 'command-line-npx-kakao-channel');
  assert.equal(slug('레시피: Vite'), '레시피-vite');
});

// ---------------------------------------------------------------------------------------------
// The two READMEs

test('README.ko.md exists', () => {
  assert.ok(existsSync(root + KO), `${KO} is missing`);
});

test('(a) README.ko.md has README.md code blocks, in order, with the same info strings and code (comments aside)', () => {
  const problems = codeBlockDrift(read(EN), read(KO));
  assert.deepEqual(problems, [], `The READMEs' code blocks drifted apart. Copy the code from ${EN}; only comments may differ.\n\n${problems.join('\n\n')}`);
});

test('(b) the heading structure matches: the same levels 1-4, in the same order', () => {
  const en = headings(read(EN)).filter((h) => h.level <= 4);
  const ko = headings(read(KO)).filter((h) => h.level <= 4);
  const count = (hs, level) => hs.filter((h) => h.level === level).length;
  const k = en.findIndex((h, i) => ko[i]?.level !== h.level);
  const at = k >= 0 ? k : en.length < ko.length ? en.length : -1;
  if (at < 0) return;
  const show = (h) => (h ? `${'#'.repeat(h.level)} ${h.text} (line ${h.line})` : '(no more headings)');
  const counts = [1, 2, 3, 4].map((l) => `level ${l}: ${count(en, l)} vs ${count(ko, l)}`).join(', ');
  assert.fail(`Heading ${at + 1} differs in level (${counts}):\n  ${EN}: ${show(en[at])}\n  ${KO}: ${show(ko[at])}\n  previous pair: ${show(en[at - 1])} / ${show(ko[at - 1])}`);
});

test('(c) README.md links README.ko.md at its top, and README.ko.md links README.md', () => {
  assert.ok(linksAtTop(read(EN), KO), `${EN}: put a link to ${KO} in the first lines after the title`);
  assert.ok(linksAtTop(read(KO), EN), `${KO}: put a link to ${EN} in the first lines after the title`);
});

test('(d) both show the same docs/images/ pictures, which exist; README.ko.md shows the Korean ones first', () => {
  const en = pictures(read(EN));
  const ko = pictures(read(KO));
  assert.deepEqual([...new Set(ko)].sort(), [...new Set(en)].sort(), 'the READMEs show different pictures');
  for (const src of new Set(en)) assert.ok(existsSync(root + src), `${src} does not exist`);
  for (const src of ko.filter((s) => /-ko\.\w+$/.test(s))) {
    const english = src.replace(/-ko(\.\w+)$/, '-en$1');
    if (ko.includes(english)) assert.ok(ko.indexOf(src) < ko.indexOf(english), `${KO} shows ${english} before ${src}`);
  }
});

test('every in-page link (#anchor) in both READMEs points at a heading or an <a id>', () => {
  for (const name of [EN, KO]) {
    const text = read(name);
    const anchors = anchorsOf(text);
    const broken = inPageLinks(text).filter(({ anchor }) => !anchors.has(anchor));
    assert.deepEqual(broken.map(({ anchor, line }) => `line ${line}: #${anchor}`), [], `${name} links to anchors it does not have`);
  }
});
