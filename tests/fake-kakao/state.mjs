// Fixture loading and the fake's mutable state: apps, channels, users' relations, tokens,
// per-token request counters, one-time agt tokens, queued faults and the request log.
// The fixture format is documented in README.md.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_FIXTURE_PATH = fileURLToPath(new URL('./fixture.json', import.meta.url));

/** The user the follow page acts for when no agt is given (README: "guest"). */
export const GUEST_USER_ID = 1002;

const MAX_LOG_ENTRIES = 2000;

/** Loads a fixture from a path, or deep-copies a fixture object; validates the basic shape. */
export function loadFixture(source = DEFAULT_FIXTURE_PATH) {
  const fixture =
    typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : structuredClone(source);
  for (const key of ['apps', 'channels', 'users', 'tokens']) {
    if (fixture[key] === undefined) fixture[key] = [];
    if (!Array.isArray(fixture[key])) throw new Error(`fixture: "${key}" must be an array`);
  }
  for (const app of fixture.apps) {
    if (typeof app.appKey !== 'string') throw new Error('fixture: every app needs a string appKey');
    app.channels ??= [];
    app.origins ??= [];
  }
  for (const channel of fixture.channels) {
    if (typeof channel.publicId !== 'string') throw new Error('fixture: every channel needs a publicId');
  }
  for (const token of fixture.tokens) {
    if (typeof token.token !== 'string') throw new Error('fixture: every token needs a string token');
  }
  return fixture;
}

/** An origin as browsers send it: scheme://host[:port], nothing else. */
export function isValidOrigin(origin) {
  if (typeof origin !== 'string') return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
  } catch {
    return false;
  }
}

/** Accepts "http://host:port" with or without a trailing path; throws on anything else. */
export function normalizeOrigin(value) {
  const url = new URL(String(value));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) origin: ${value}`);
  return url.origin;
}

export function createState({ fixture, origins = [] } = {}) {
  const pristine = loadFixture(fixture);
  const state = {
    fixture: pristine,
    /** Origins added at start (--origin) or via POST /__fake/origins: they apply to every app. */
    runtimeOrigins: [],
    apps: new Map(),
    channels: new Map(),
    users: new Map(),
    tokens: new Map(),
    usage: new Map(), // token → requests counted for rateLimit
    agts: new Map(), // agt → { userId, appKey, used }
    tickets: new Map(), // follow-page ticket → { userId, appKey, channelId, transId }
    faults: [],
    log: [],
    seq: 0,
  };

  /** Restores everything from the fixture except run-time origins (POST /__fake/reset). */
  state.reset = function reset() {
    const f = structuredClone(pristine);
    state.apps = new Map(f.apps.map((a) => [a.appKey, a]));
    state.channels = new Map(f.channels.map((c) => [c.publicId, c]));
    state.users = new Map(f.users.map((u) => [Number(u.id), { id: Number(u.id), relations: u.relations ?? {} }]));
    state.tokens = new Map(f.tokens.map((t) => [t.token, t]));
    state.usage.clear();
    state.agts.clear();
    state.tickets.clear();
    state.faults.length = 0;
    state.log.length = 0;
  };

  state.addOrigin = function addOrigin(origin) {
    if (!state.runtimeOrigins.includes(origin)) state.runtimeOrigins.push(origin);
  };

  /** Origins a given app accepts: its fixture list plus all run-time origins. */
  state.appOrigins = (app) => [...(app?.origins ?? []), ...state.runtimeOrigins];
  state.appAllowsOrigin = (app, origin) => state.appOrigins(app).includes(origin);
  /** True when some app registers the origin — the CORS filter only answers for those. */
  state.originRegistered = (origin) =>
    origin != null && [...state.apps.values()].some((app) => state.appAllowsOrigin(app, origin));

  state.user = function user(id) {
    const key = Number(id);
    if (!state.users.has(key)) state.users.set(key, { id: key, relations: {} });
    return state.users.get(key);
  };

  /** { relation, updatedAt? } of a user with a channel; NONE when they never added/blocked it. */
  state.relationOf = (userId, channelId) => state.users.get(Number(userId))?.relations?.[channelId] ?? { relation: 'NONE' };

  state.setRelation = (userId, channelId, relation, updatedAt) => {
    state.user(userId).relations[channelId] = { relation, updatedAt };
  };

  /** Counts one request for a token and says whether it is over its rateLimit. */
  state.countRequest = (token) => {
    const n = (state.usage.get(token.token) ?? 0) + 1;
    state.usage.set(token.token, n);
    return typeof token.rateLimit === 'number' && n > token.rateLimit;
  };

  state.addToken = (token) => {
    state.tokens.set(token.token, token);
    state.usage.delete(token.token);
    state.user(token.userId);
  };

  state.record = (entry) => {
    state.seq += 1;
    const full = { seq: state.seq, ...entry };
    state.log.push(full);
    if (state.log.length > MAX_LOG_ENTRIES) state.log.splice(0, state.log.length - MAX_LOG_ENTRIES);
    return full;
  };

  /** The public view served by GET /__fake/fixture (the demo page lists tokens from it). */
  state.describe = () => ({
    apps: [...state.apps.values()].map((a) => ({ appKey: a.appKey, channels: a.channels, origins: state.appOrigins(a) })),
    channels: [...state.channels.values()],
    tokens: [...state.tokens.values()],
    users: [...state.users.values()],
    origins: state.runtimeOrigins,
  });

  state.reset();
  for (const origin of origins) state.addOrigin(normalizeOrigin(origin));
  return state;
}
