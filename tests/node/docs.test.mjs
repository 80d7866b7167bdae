// The API reference (`npm run docs`): TypeDoc builds it from the published dist/*.d.ts with its
// validation on and every warning an error, and what it documents is checked: the four entries,
// an example on every exported function, method and component, every error code described and
// shown, and none of the package's internal wasm exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocs, ENTRIES } from '../../scripts/docs.mjs';

/** api.md §3: the codes users branch on. */
const CODES = [
  'INVALID_CHANNEL_ID', 'SEARCH_ID_NOT_SUPPORTED', 'INVALID_ARGUMENT', 'NOT_INITIALIZED', 'UNSUPPORTED_ENVIRONMENT',
  'POPUP_BLOCKED', 'NETWORK', 'TIMEOUT', 'ABORTED', 'INVALID_TOKEN', 'CONSENT_REQUIRED', 'RATE_LIMITED', 'KAKAO_API',
  'INVALID_RESPONSE', 'FOLLOW_FAILED', 'ADMIN_KEY_IN_BROWSER', 'WEBHOOK_UNAUTHORIZED', 'INVALID_WEBHOOK',
];

test('npm run docs: TypeDoc builds the reference of every entry with no warning or error', { timeout: 60_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'kakao-channel-docs-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { ReflectionKind } = await import('typedoc');
  const { errors, warnings, project } = await buildDocs({ out });
  assert.equal(errors + warnings, 0, `TypeDoc: ${errors} errors, ${warnings} warnings (printed above)`);
  assert.ok(existsSync(join(out, 'index.html')), 'index.html was written');

  const modules = project.children.filter((c) => c.kindOf(ReflectionKind.Module));
  assert.deepEqual(modules.map((m) => m.name).sort(), ENTRIES.map(([, name]) => name).sort());
  for (const m of modules) assert.ok(m.comment?.summary.length, `${m.name} has a module comment`);

  // Every exported function, class method and constructor, and every exported const (Vue's
  // components and plugin), has an @example.
  const missing = [];
  let callables = 0;
  for (const r of project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Method | ReflectionKind.Constructor | ReflectionKind.Variable)) {
    if (r.kindOf(ReflectionKind.Method) && !r.parent?.kindOf(ReflectionKind.Class)) continue; // a type's member, not a function
    const comments = r.signatures ? r.signatures.map((s) => s.comment) : [r.comment];
    for (const c of comments) {
      callables++;
      if (!c?.getTag('@example')) missing.push(r.getFriendlyFullName());
    }
  }
  assert.deepEqual(missing, [], 'every exported function has an @example');
  assert.ok(callables >= 40, `only ${callables} functions, methods and components documented`);

  // Every error code: described (its union member's comment) and shown (an @example titled with it).
  for (const m of modules.filter((m) => ['kakao-channel', 'kakao-channel/server'].includes(m.name))) {
    const exported = m.getChildByName('ErrorCode');
    assert.ok(exported, `${m.name} exports ErrorCode`);
    // The second entry re-exporting it is a reference to the one documentation.
    const errorCode = exported.kindOf(ReflectionKind.Reference) ? exported.getTargetReflectionDeep() : exported;
    const union = errorCode.type;
    assert.equal(union.type, 'union');
    assert.deepEqual(union.types.map((u) => u.value), CODES, 'ErrorCode lists api.md §3');
    union.elementSummaries?.forEach((s, i) => assert.ok(s.length, `${CODES[i]} is described`));
    assert.equal(union.elementSummaries?.length, CODES.length, 'every code is described');
    const examples = errorCode.comment.getTags('@example');
    for (const code of CODES) {
      const example = examples.find((tag) => tag.name?.startsWith(`${code}:`));
      assert.ok(example, `an @example titled ${code}`);
      assert.match(example.content.map((p) => p.text).join(''), new RegExp(`'${code}'|${code}`), `the ${code} example uses it`);
    }
  }

  // The package's internal wasm exports stay out of the reference.
  const names = new Set(Object.values(project.reflections).map((r) => r.name));
  for (const internal of ['configure', 'parseChannelIdOutcome', 'renderChannelButton', 'removeChannelButton', 'ParseOutcome', 'serverAddChannelUrl', 'serverChatChannelUrl', '__relationshipChunks', 'initSync', 'InitOutput']) {
    assert.ok(!names.has(internal), `${internal} is not in the reference`);
  }
});
