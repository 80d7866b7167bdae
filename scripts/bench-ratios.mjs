// The ratios issue 18 sets targets for, from one `npm run bench` result, each beside its target:
// printed at the end of the run so one look says where the SDK stands.

const x = (v) => `${v.toFixed(2)}×`;

/**
 * @param {any} results the object bench.mjs writes to bench/results.json
 * @returns {string} markdown lines
 */
export function ratios(results) {
  const { bytes, coldStart, checkRelationship: rel, parseChannelId: parse } = results;
  const sdkBytes = bytes.kakaoChannel.total.gzip.value;
  const sdkNs = parse.sdk.medianNsPerCall.value;
  const jsNs = parse.js.medianNsPerCall.value;
  const safeNs = parse.safe.medianNsPerCall.value;
  const cold = (page) => page.fromNavigationStart.medianMs.value / coldStart.kakaojs.fromNavigationStart.medianMs.value;
  const rows = [
    ['bytes (gzip), SDK / Kakao 2.7.4', x(sdkBytes / bytes.kakaoSdk274.gzip.value), `≤ ${x(48_000 / bytes.kakaoSdk274.gzip.value)} (48,000 B)`],
    ['parseChannelId, mix: SDK / JS (ns)', x(sdkNs / jsNs), '≤ 0.50× (2× faster)'],
    ...Object.entries(parse.kinds).map(([kind, v]) => [`… ${kind}`, x(v.sdkNsPerCall / v.jsNsPerCall), '< 1.00×']),
    ['safeParseChannelId, mix: safe / JS (ns)', x(safeNs / jsNs), '≤ 0.20×'],
    ['checkRelationship over bare fetch, median (paired)', `+${Math.round(rel.overhead.medianDifferenceUs.value)} µs (+${Math.round(rel.overhead.medianOfPairedDifferencesUs.value)})`, '≤ +150 µs'],
    ['cold start median, SDK / kakaojs v1 (Kakao 2.x is not on npm)', x(cold(coldStart.sdk)), '≤ 1.00×'],
    ['… with the wasm preloaded (README recipe)', x(cold(coldStart.sdkPreload)), ''],
  ];
  const L = ['', "**Issue 18's ratios** (this run, beside each target)", '', '| what | this run | target |', '|---|---:|---:|'];
  for (const [what, now, target] of rows) L.push(`| ${what} | ${now} | ${target} |`);
  return L.join('\n');
}
