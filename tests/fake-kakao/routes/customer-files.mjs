// kapi: customer files ("target user files", kakao-protocol.md §6), server APIs with JSON bodies.
//   Authorization: KakaoAK {admin key or REST API key}
//   POST /v1/talkchannel/create/target_user_file  {channel_public_id, file_name, schema}
//        → 200 {"file_id": <int, from 1001 upward>}
//   GET  /v1/talkchannel/target_user_file?channel_public_id=_x
//        → 200 {"files":[{file_id, file_name, schema, user_count, created_at}]}
//   POST /v1/talkchannel/update/target_users  {file_id, channel_public_id, user_type, users:[{id, field}]}
//        → 200 {"file_id", "requested", "added"}
//   POST /v1/talkchannel/delete/target_users  {file_id, channel_public_id, user_type, user_ids:[…]}
//        → 200 {"file_id", "requested", "deleted"}
// Every endpoint checks, in this order: auth (401 -401) → per-key rate limit (-10) → JSON body
// (POST: Content-Type application/json and parseable object, else 400 -2) → channel_public_id
// present (-2) and existing (400 -541) → connected to the key's app (400 -819) → its own checks.
// Like real Kakao, add-users silently skips a user whose `field` names a field outside the schema
// or has a value of the wrong type (counted in "requested", not in "added").
// App user ids keep their exact digits (json-exact.mjs): 1–19 digits, as a JSON number or string.

import { JsonNumber, canonicalDigits, parseJsonExact, toPlain } from '../json-exact.mjs';
import { isoNow, sendJson } from '../http-util.mjs';
import { apiCors, apiPreflight, authenticateAdminKey, enforceKeyRateLimit, kakaoError } from './relationship.mjs';

export const CREATE_FILE_PATH = '/v1/talkchannel/create/target_user_file';
export const LIST_FILES_PATH = '/v1/talkchannel/target_user_file';
export const ADD_USERS_PATH = '/v1/talkchannel/update/target_users';
export const DELETE_USERS_PATH = '/v1/talkchannel/delete/target_users';

export const MAX_FILES_PER_CHANNEL = 30; // including Partner Center uploads (-818)
export const MAX_FILE_NAME_LENGTH = 100;
export const MAX_SCHEMA_FIELDS = 50;
export const MAX_USERS_PER_REQUEST = 2000;
const FIELD_TYPES = ['string', 'number'];
const USER_TYPES = ['app', 'phone'];

const invalid = (ctx, msg) => kakaoError(ctx, 400, -2, msg);

/** Auth → rate limit → JSON body. Returns { auth, body } or null after answering. */
function begin(ctx, { json }) {
  const auth = authenticateAdminKey(ctx, { allowRestKey: true });
  if (!auth) return null;
  if (enforceKeyRateLimit(ctx, auth.key)) return null;
  if (!json) return { auth, body: null };
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!/^application\/json\s*(?:;|$)/i.test(type)) {
    invalid(ctx, `Content-Type must be application/json (got ${type || 'none'})`);
    return null;
  }
  let body;
  try {
    body = parseJsonExact(ctx.body ?? '');
  } catch (err) {
    invalid(ctx, `invalid JSON body: ${err.message}`);
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    invalid(ctx, 'the body must be a JSON object');
    return null;
  }
  return { auth, body };
}

/** channel_public_id: present (-2), existing (-541), connected to the key's app (-819). */
function channelOf(ctx, app, id) {
  if (typeof id !== 'string' || id === '') {
    invalid(ctx, 'channel_public_id is required');
    return null;
  }
  if (!ctx.state.channels.has(id)) {
    kakaoError(ctx, 400, -541, 'channel does not exist');
    return null;
  }
  if (!app.channels.includes(id)) {
    kakaoError(ctx, 400, -819, `channel not connected to the app: ${id}`);
    return null;
  }
  return ctx.state.channels.get(id);
}

/** file_id (an integer, number or digit string) → the channel's file; -2 / -816 otherwise. */
function fileOf(ctx, channelId, value) {
  let id = null;
  if (value instanceof JsonNumber) id = value.digits;
  else if (typeof value === 'string') id = canonicalDigits(value);
  if (id === null || id.length > 15) {
    invalid(ctx, 'file_id must be an integer');
    return null;
  }
  const file = ctx.state.filesOf(channelId).find((f) => f.file_id === Number(id));
  if (!file) {
    kakaoError(ctx, 400, -816, `unknown customer file: ${id}`);
    return null;
  }
  return file;
}

/** user_type "app" | "phone"; a file keeps the type of its first users (mixing → -2). */
function userTypeOf(ctx, file, value) {
  if (!USER_TYPES.includes(value)) {
    invalid(ctx, `user_type must be one of ${USER_TYPES.join(', ')}`);
    return null;
  }
  if (file.user_type !== null && file.users.size > 0 && file.user_type !== value) {
    invalid(ctx, `file ${file.file_id} holds user_type ${file.user_type}`);
    return null;
  }
  return value;
}

/**
 * An app user id (JSON number or digit string, 1–19 digits → canonical digits) or a phone id
 * (non-empty string); null when unusable.
 */
function userKeyOf(userType, value) {
  if (userType === 'phone') return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const raw = value instanceof JsonNumber ? value.raw : typeof value === 'string' ? value : null;
  if (raw === null || !/^\d{1,19}$/.test(raw)) return null;
  return canonicalDigits(raw);
}

/** The file's `field` values when every name is in the schema with the right type, else null. */
function fieldsOf(schema, field) {
  if (field === undefined) return {};
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return null;
  const out = {};
  for (const [name, value] of Object.entries(field)) {
    if (!Object.hasOwn(schema, name)) return null;
    const ok = schema[name] === 'number' ? value instanceof JsonNumber : typeof value === 'string';
    if (!ok) return null;
    Object.defineProperty(out, name, { value: toPlain(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function handleCreate(ctx) {
  const started = begin(ctx, { json: true });
  if (!started) return;
  const { auth, body } = started;
  const channel = channelOf(ctx, auth.app, body.channel_public_id);
  if (!channel) return;

  const name = body.file_name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_FILE_NAME_LENGTH) {
    return invalid(ctx, `file_name must be a non-empty string of at most ${MAX_FILE_NAME_LENGTH} characters`);
  }
  const schema = body.schema;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return invalid(ctx, 'schema must be an object');
  const fields = Object.entries(schema);
  if (fields.length < 1 || fields.length > MAX_SCHEMA_FIELDS) {
    return invalid(ctx, `schema must have 1 to ${MAX_SCHEMA_FIELDS} fields`);
  }
  for (const [field, type] of fields) {
    if (field.trim() === '') return invalid(ctx, 'schema field names must not be empty');
    if (!FIELD_TYPES.includes(type)) return invalid(ctx, `schema field ${field}: type must be "string" or "number"`);
  }

  const files = ctx.state.filesOf(channel.publicId);
  if (files.some((f) => f.file_name === name)) return kakaoError(ctx, 400, -817, 'file name already exists');
  const partnerCenter = channel.partnerCenterFiles ?? 0;
  if (files.length + partnerCenter >= MAX_FILES_PER_CHANNEL) {
    return kakaoError(ctx, 400, -818, `too many customer files: at most ${MAX_FILES_PER_CHANNEL} per channel, including Partner Center uploads`);
  }

  const file = {
    file_id: ctx.state.nextFileId++,
    file_name: name,
    schema: toPlain(schema),
    user_type: null,
    users: new Map(), // id (canonical digits or phone) → fields
    created_at: isoNow(),
  };
  files.push(file);
  sendJson(ctx.res, 200, { file_id: file.file_id }, apiCors(ctx));
}

function handleList(ctx) {
  const started = begin(ctx, { json: false });
  if (!started) return;
  const channel = channelOf(ctx, started.auth.app, ctx.query.get('channel_public_id'));
  if (!channel) return;
  const files = ctx.state.filesOf(channel.publicId).map((f) => ({
    file_id: f.file_id,
    file_name: f.file_name,
    schema: f.schema,
    user_count: f.users.size,
    created_at: f.created_at,
  }));
  sendJson(ctx.res, 200, { files }, apiCors(ctx));
}

/** The common part of add / delete: channel, file, user_type, and the 1..2000 list under `listName`. */
function batchOf(ctx, listName) {
  const started = begin(ctx, { json: true });
  if (!started) return null;
  const { auth, body } = started;
  const channel = channelOf(ctx, auth.app, body.channel_public_id);
  if (!channel) return null;
  const file = fileOf(ctx, channel.publicId, body.file_id);
  if (!file) return null;
  const userType = userTypeOf(ctx, file, body.user_type);
  if (!userType) return null;
  const list = body[listName];
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_USERS_PER_REQUEST) {
    invalid(ctx, `${listName} must have 1 to ${MAX_USERS_PER_REQUEST} entries`);
    return null;
  }
  return { file, userType, list };
}

function handleAddUsers(ctx) {
  const batch = batchOf(ctx, 'users');
  if (!batch) return;
  const { file, userType, list } = batch;
  let added = 0;
  for (const user of list) {
    if (user === null || typeof user !== 'object' || Array.isArray(user)) continue;
    const id = userKeyOf(userType, user.id);
    if (id === null) continue;
    const fields = fieldsOf(file.schema, user.field);
    if (fields === null) continue; // silently skipped, like Kakao
    file.users.set(id, fields);
    added += 1;
  }
  if (added > 0) file.user_type = userType;
  sendJson(ctx.res, 200, { file_id: file.file_id, requested: list.length, added }, apiCors(ctx));
}

function handleDeleteUsers(ctx) {
  const batch = batchOf(ctx, 'user_ids');
  if (!batch) return;
  const { file, userType, list } = batch;
  let deleted = 0;
  for (const item of list) {
    // Element shape is unresolved in Kakao's docs: accept 123, "123" and {"id": 123}.
    const value = item !== null && typeof item === 'object' && !Array.isArray(item) && !(item instanceof JsonNumber) ? item.id : item;
    const id = userKeyOf(userType, value);
    if (id !== null && file.users.delete(id)) deleted += 1;
  }
  sendJson(ctx.res, 200, { file_id: file.file_id, requested: list.length, deleted }, apiCors(ctx));
}

/** GET /__fake/customer-files view: the files of one channel (or all) with their users. */
export function describeCustomerFiles(state, channelId = null) {
  const out = [];
  for (const [channel, files] of state.customerFiles) {
    if (channelId !== null && channel !== channelId) continue;
    for (const f of files) {
      out.push({
        file_id: f.file_id,
        channel_public_id: channel,
        file_name: f.file_name,
        schema: f.schema,
        ...(f.user_type !== null ? { user_type: f.user_type } : {}),
        created_at: f.created_at,
        users: [...f.users].map(([id, fields]) => ({ id, fields })),
      });
    }
  }
  return out;
}

export function register(router) {
  const opts = { cors: apiCors };
  for (const path of [CREATE_FILE_PATH, LIST_FILES_PATH, ADD_USERS_PATH, DELETE_USERS_PATH]) {
    router.on('OPTIONS', path, apiPreflight, opts);
  }
  router.on('POST', CREATE_FILE_PATH, handleCreate, opts);
  router.on('GET', LIST_FILES_PATH, handleList, opts);
  router.on('POST', ADD_USERS_PATH, handleAddUsers, opts);
  router.on('POST', DELETE_USERS_PATH, handleDeleteUsers, opts);
}
