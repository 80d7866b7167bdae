// `npm run bench -- --check`'s gates (scripts/bench-ratios.mjs) against the run the README shows
// (bench/results.json): that run holds every gate, every ratio with a target has a gate, and a
// result made worse on one ratio is past exactly that gate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { GATES, pastGates, ratioRows, ratios } from '../../scripts/bench-ratios.mjs';

const committed = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'));
const copy = () => structuredClone(committed);

test("the README's bench run holds every gate", () => {
  assert.deepEqual(pastGates(committed).map((r) => `${r.what}: ${r.shown}`), []);
});

test('every ratio with a target has a gate, and every kind of input one of its own', () => {
  for (const r of ratioRows(committed)) {
    if (r.target) assert.equal(typeof r.gate, 'number', `${r.what} has a target but no gate`);
  }
  assert.deepEqual(Object.keys(committed.parseChannelId.kinds).sort(), Object.keys(GATES.parseKind).sort());
});

test('a result worse on one ratio is past that gate only, and the report says so', () => {
  const slow = copy();
  slow.checkRelationship.overhead.medianDifferenceUs.value = GATES.relationshipUs + 1;
  assert.deepEqual(pastGates(slow).map((r) => r.what), ['checkRelationship over bare fetch, median (paired)']);
  assert.match(ratios(slow), new RegExp(`\\+${GATES.relationshipUs + 1} µs \\(\\+\\d+\\) \\*\\*past the gate\\*\\*`));

  const id = copy();
  const kind = id.parseChannelId.kinds.id;
  kind.sdkNsPerCall = kind.jsNsPerCall * (GATES.parseKind.id + 0.01);
  assert.deepEqual(pastGates(id).map((r) => r.what), ['… id']);

  const big = copy();
  big.bytes.kakaoChannel.total.gzip.value = GATES.bytes + 1;
  assert.deepEqual(pastGates(big).map((r) => r.what), ['bytes (gzip), SDK / Kakao 2.7.4']);

  // A missing figure is past its gate, not silently within it.
  const broken = copy();
  broken.coldStart.sdk.fromNavigationStart.medianMs.value = Number.NaN;
  assert.deepEqual(pastGates(broken).map((r) => r.what), ['cold start median, SDK / kakaojs v1 (Kakao 2.x is not on npm)']);
});

test("a kind of input that meets its target (< 1×) in the README's run is gated at the target", () => {
  for (const [kind, gate] of Object.entries(GATES.parseKind)) {
    const { sdkNsPerCall, jsNsPerCall } = committed.parseChannelId.kinds[kind];
    if (sdkNsPerCall < jsNsPerCall) assert.ok(gate <= 1, `${kind} meets its target (${(sdkNsPerCall / jsNsPerCall).toFixed(2)}×): its gate is 1×, not ${gate}×`);
  }
});
