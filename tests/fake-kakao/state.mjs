// Fixture loading and the fake's mutable state: apps (with admin / REST API keys), channels, users'
// relations, tokens, per-token request counters, per-key rate limits, one-time agt tokens, customer
// files, queued faults, the request log and the per-path request counter.
// The fixture format is documented in README.md. User IDs are canonical decimal digit strings
// internally (they can exceed 2^53; see json-exact.mjs).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { userIdKey } from './json-exact.mjs';

export const DEFAULT_FIXTURE_PATH = fileURLToPath(new URL('./fixture.json', import.meta.url));

/** The user the follow page acts for when no agt is given (README: "guest"). */
export const GUEST_USER_ID = 1002;

const MAX_LOG_ENTRIES = 2000;

/** Customer-file IDs are handed out from here upward (POST /v1/talkchannel/create/target_user_file). */
export const FIRST_FILE_ID = 1001;

/** Loads a fixture from a path, or deep-copies a fixture object; validates the basic shape. */
export function loadFixture(source = DEFAULT_FIXTURE_PATH) {
  const fixture =
    typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : structuredClone(source);
  for (const key of ['apps', 'channels', 'users', 'tokens']) {
    if (fixture[key] === undefined) fixture[key] = [];
    if (!Array.isArray(fixture[key])) throw new Error(`fixture: "${key}" must be an array`);
  }
  const keys = new Set();
  for (const app of fixture.apps) {
    if (typeof app.appKey !== 'string') throw new Error('fixture: every app needs a string appKey');
    app.channels ??= [];
    app.origins ??= [];
    for (const field of ['adminKey', 'restApiKey']) {
      if (app[field] === undefined) continue;
      if (typeof app[field] !== 'string' || app[field] === '') throw new Error(`fixture: ${field} must be a non-empty string`);
      if (keys.has(app[field])) throw new Error(`fixture: key ${app[field]} is used twice`);
      keys.add(app[field]);
    }
  }
  for (const channel of fixture.channels) {
    if (typeof channel.publicId !== 'string') throw new Error('fixture: every channel needs a publicId');
    const pc = channel.partnerCenterFiles;
    if (pc !== undefined && (!Number.isInteger(pc) || pc < 0 || pc > 30)) {
      throw new Error('fixture: partnerCenterFiles must be an integer in 0..30');
    }
  }
  for (const user of fixture.users) {
    if (userIdKey(user.id) === null) {
      throw new Error(`fixture: user id ${JSON.stringify(user.id)} must be a safe integer or a string of 1-19 digits`);
    }
  }
  for (const token of fixture.tokens) {
    if (typeof token.token !== 'string') throw new Error('fixture: every token needs a string token');
    if (token.userId !== undefined && userIdKey(token.userId) === null) {
      throw new Error(`fixture: token ${token.token}: userId must be a safe integer or a string of 1-19 digits`);
    }
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
    rateLimits: new Map(), // KakaoAK key → { key, requests, windowMs, mode, windowStart, count }
    // requests per path, not capped like the log; requests being answered now, and their peak
    stats: { requests: new Map(), total: 0, inFlight: 0, peakInFlight: 0 },
    customerFiles: new Map(), // channel public id → [file], file = { file_id, file_name, schema, user_type, users: Map, created_at }
    nextFileId: FIRST_FILE_ID,
  };

  /** Restores everything from the fixture except run-time origins (POST /__fake/reset). */
  state.reset = function reset() {
    const f = structuredClone(pristine);
    state.apps = new Map(f.apps.map((a) => [a.appKey, a]));
    state.channels = new Map(f.channels.map((c) => [c.publicId, c]));
    state.users = new Map(f.users.map((u) => {
      const id = userIdKey(u.id);
      return [id, { id, relations: u.relations ?? {} }];
    }));
    state.tokens = new Map(f.tokens.map((t) => [t.token, t]));
    state.usage.clear();
    state.agts.clear();
    state.tickets.clear();
    state.faults.length = 0;
    state.log.length = 0;
    state.rateLimits.clear();
    state.clearStats();
    state.customerFiles.clear();
    state.nextFileId = FIRST_FILE_ID;
  };

  state.clearStats = () => {
    state.stats.requests.clear();
    state.stats.total = 0;
    state.stats.peakInFlight = state.stats.inFlight;
  };

  /** A non-control request arrived (`leave` when its answer is done or the client went away). */
  state.enter = () => {
    state.stats.inFlight += 1;
    state.stats.peakInFlight = Math.max(state.stats.peakInFlight, state.stats.inFlight);
  };
  state.leave = () => {
    state.stats.inFlight -= 1;
  };

  /** GET /__fake/stats: {"requests": {"<path>": n, …}, "total": n, "inFlight": n, "peakInFlight": n}. */
  state.describeStats = () => ({
    requests: Object.fromEntries(state.stats.requests),
    total: state.stats.total,
    inFlight: state.stats.inFlight,
    peakInFlight: state.stats.peakInFlight,
  });

  /** The app whose adminKey (kind "admin") or restApiKey (kind "rest") is `key`, or null. */
  state.appOfKey = (key) => {
    for (const app of state.apps.values()) {
      if (app.adminKey !== undefined && app.adminKey === key) return { app, kind: 'admin' };
      if (app.restApiKey !== undefined && app.restApiKey === key) return { app, kind: 'rest' };
    }
    return null;
  };

  /**
   * Counts one request of a KakaoAK key against its rate limit (POST /__fake/rate-limits).
   * Fixed windows: a window starts with the first request after the previous one ended.
   * → null when allowed, else { mode, retryAfter (whole seconds, ≥ 1) }.
   */
  state.checkRateLimit = (key, now = Date.now()) => {
    const limit = state.rateLimits.get(key);
    if (!limit) return null;
    if (limit.windowStart === null || now >= limit.windowStart + limit.windowMs) {
      limit.windowStart = now;
      limit.count = 0;
    }
    limit.count += 1;
    if (limit.count <= limit.requests) return null;
    const left = limit.windowStart + limit.windowMs - now;
    return { mode: limit.mode, retryAfter: Math.max(1, Math.ceil(left / 1000)) };
  };

  /** The customer files of a channel (created on first use). */
  state.filesOf = (channelId) => {
    if (!state.customerFiles.has(channelId)) state.customerFiles.set(channelId, []);
    return state.customerFiles.get(channelId);
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
    const key = userIdKey(id);
    if (key === null) throw new Error(`invalid user id ${id}`);
    if (!state.users.has(key)) state.users.set(key, { id: key, relations: {} });
    return state.users.get(key);
  };

  /** { relation, updatedAt? } of a user with a channel; NONE when they never added/blocked it (or are unknown). */
  state.relationOf = (userId, channelId) => {
    const key = userIdKey(userId);
    const relations = key === null ? undefined : state.users.get(key)?.relations;
    return (relations && Object.hasOwn(relations, channelId) ? relations[channelId] : null) ?? { relation: 'NONE' };
  };

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
    state.stats.total += 1;
    state.stats.requests.set(entry.path, (state.stats.requests.get(entry.path) ?? 0) + 1);
    state.log.push(full);
    if (state.log.length > MAX_LOG_ENTRIES) state.log.splice(0, state.log.length - MAX_LOG_ENTRIES);
    return full;
  };

  /** The public view served by GET /__fake/fixture (the demo page lists tokens from it). */
  state.describe = () => ({
    apps: [...state.apps.values()].map((a) => ({
      appKey: a.appKey,
      ...(a.adminKey !== undefined ? { adminKey: a.adminKey } : {}),
      ...(a.restApiKey !== undefined ? { restApiKey: a.restApiKey } : {}),
      channels: a.channels,
      origins: state.appOrigins(a),
    })),
    channels: [...state.channels.values()],
    tokens: [...state.tokens.values()],
    users: [...state.users.values()],
    origins: state.runtimeOrigins,
  });

  state.reset();
  for (const origin of origins) state.addOrigin(normalizeOrigin(origin));
  return state;
}
