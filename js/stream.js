// admin.relationships(…): the async-iteration shell of the streaming relationship check (server
// entry). It reads `userIds` lazily from any iterable or async iterable, `chunkSize` at a time,
// keeps at most `concurrency` chunks between the source and the caller (memory bounded by
// concurrency × chunkSize, whatever the number of users), and yields results in input order.
// Everything else is Rust's (src/stream.rs): the options are validated there, and each chunk's
// IDs are validated, sent, retried and decoded there, through checkRelationships' own path.
import { KakaoChannelAdmin } from './server-wasm/kakao_channel.js';
import { KakaoChannelError, isKakaoChannelError } from './errors.js';

const ABORTED_MESSAGE = 'relationships() stopped because its signal was aborted; nothing more is sent. Results already yielded stand.';

const abortedError = () => new KakaoChannelError('ABORTED', ABORTED_MESSAGE);

/** A KakaoChannelError for anything else that went wrong (`cause` keeps the original). */
function asKakaoError(err, code, message) {
  return isKakaoChannelError(err) ? err : new KakaoChannelError(code, message, { cause: err });
}

/**
 * Opens `userIds` for reading: an async iterator, or a sync one (read without awaiting each item).
 * @returns {{ iterator: Iterator<unknown> | AsyncIterator<unknown>, isAsync: boolean }}
 */
function openSource(userIds) {
  const invalid = () =>
    new KakaoChannelError(
      'INVALID_ARGUMENT',
      "userIds must be an array, an iterable or an async iterable of user IDs (numbers, or strings of digits above 2^53), e.g. [1001, '9223372036854775001'] or a readline interface.",
    );
  if (userIds === null || (typeof userIds !== 'object' && typeof userIds !== 'function')) throw invalid();
  let open = userIds[Symbol.asyncIterator];
  let isAsync = typeof open === 'function';
  if (!isAsync) {
    open = userIds[Symbol.iterator];
    if (typeof open !== 'function') throw invalid();
  }
  const iterator = open.call(userIds);
  if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') throw invalid();
  return { iterator, isAsync };
}

/**
 * The iterator `admin.relationships(options)` returns (see js/server.d.ts for the contract).
 * @param {KakaoChannelAdmin} admin
 * @param {import('./server.js').RelationshipsOptions} options
 * @returns {AsyncIterableIterator<import('./server.js').AdminChannelRelationships>}
 */
export function relationshipStream(admin, options) {
  let plan = null;
  let source = null;
  let failure = null; // rejects the next next(), then the iterator is done
  try {
    if (!(admin instanceof KakaoChannelAdmin) || admin.__wbg_ptr === 0) {
      throw new KakaoChannelError('INVALID_ARGUMENT', 'relationships() must be called on a live KakaoChannelAdmin, as admin.relationships(…): not as a detached function, nor after free().');
    }
    plan = admin.__relationshipChunks(options);
    source = openSource(options.userIds);
  } catch (err) {
    failure = asKakaoError(err, 'INVALID_ARGUMENT', `relationships() could not start: ${err?.message ?? err}`);
  }
  let exhausted = failure !== null; // the source is done (or failed: `failure`)
  const chunkSize = plan?.chunkSize ?? 1;
  const concurrency = plan?.concurrency ?? 1;
  const signal = failure ? undefined : options.signal;

  // Stops the requests in flight when the caller breaks out or its signal fires.
  const controller = new AbortController();
  /** Chunks in input order, sent or answered, not yet fully yielded: { promise, items, error }. */
  const window = [];
  let yielded = 0; // items of window[0] already yielded
  let offset = 0; // input index of the next chunk's first ID
  let batch = 0;
  let reading = false;
  let stopped = false; // return() or abort: send nothing more
  let finished = false; // next() answers done
  let wake = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const changed = () => new Promise((resolve) => (wake = resolve));

  let abortedPromise = null;
  let onAbort = null;
  if (signal) {
    abortedPromise = new Promise((_, reject) => {
      onAbort = () => {
        stop();
        reject(abortedError());
      };
    });
    abortedPromise.catch(() => {}); // observed by the pending next(), if any
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  const raceAbort = (promise) => (abortedPromise ? Promise.race([promise, abortedPromise]) : promise);

  function stop() {
    if (stopped) return;
    stopped = true;
    controller.abort();
    window.length = 0;
    signal?.removeEventListener('abort', onAbort);
    if (source && !exhausted) {
      exhausted = true;
      // Like `for…of` on an early exit: let the source close (a file, a cursor). Not awaited: a
      // source stuck in next() must not hold up the caller.
      try {
        Promise.resolve(source.iterator.return?.()).catch(() => {});
      } catch {
        // a throwing return() changes nothing here
      }
    }
    notify();
  }

  /** Up to chunkSize IDs from the source, and its error if reading failed; sets `exhausted`. */
  async function readChunk() {
    const ids = [];
    const { iterator, isAsync } = source;
    try {
      while (ids.length < chunkSize) {
        const item = isAsync ? await iterator.next() : iterator.next();
        if (stopped) return { ids: [] };
        if (item === null || typeof item !== 'object') throw new TypeError('the userIds iterator returned a non-object from next()');
        if (item.done) {
          exhausted = true;
          break;
        }
        ids.push(item.value);
      }
    } catch (err) {
      exhausted = true;
      return { ids, error: asKakaoError(err, 'INVALID_ARGUMENT', `reading userIds failed: ${err?.message ?? err}`) };
    }
    return { ids };
  }

  /** Reads and sends chunks while the window has room; one reader at a time. */
  async function fill() {
    if (reading || exhausted || stopped || window.length >= concurrency) return;
    reading = true;
    try {
      while (!exhausted && !stopped && window.length < concurrency) {
        const { ids, error } = await readChunk();
        if (error) failure = error; // surfaces after the IDs read before it
        if (stopped || ids.length === 0) break;
        const entry = { items: null, error: null, promise: null };
        entry.promise = plan.send(ids, offset, batch, controller.signal).then(
          (items) => {
            entry.items = items;
          },
          (err) => {
            entry.error = err;
          },
        );
        offset += ids.length;
        batch += 1;
        window.push(entry);
        notify();
      }
    } finally {
      reading = false;
      notify();
    }
  }

  function finish() {
    finished = true;
    stop();
    return { done: true, value: undefined };
  }

  /** One next(): any throw ends the iterator. */
  async function step() {
    try {
      return await advance();
    } catch (err) {
      finished = true;
      stop();
      throw err;
    }
  }

  async function advance() {
    for (;;) {
      if (finished) return { done: true, value: undefined };
      if (signal?.aborted) throw abortedError();
      const head = window[0];
      if (head) {
        if (head.items === null && head.error === null) {
          await raceAbort(head.promise);
          continue;
        }
        if (head.error) {
          const err = head.error;
          throw isKakaoChannelError(err) && err.code === 'ABORTED' ? abortedError() : err;
        }
        if (yielded < head.items.length) {
          const value = head.items[yielded];
          yielded += 1;
          if (yielded === head.items.length) {
            window.shift();
            yielded = 0;
            fill();
          }
          return { done: false, value };
        }
        window.shift();
        yielded = 0;
        continue;
      }
      if (exhausted && !reading) {
        if (failure) throw failure;
        return finish();
      }
      const woken = changed();
      fill();
      await raceAbort(woken);
    }
  }

  // next() calls run one after another, whoever calls them.
  let queue = Promise.resolve();
  const iterator = {
    next() {
      const result = queue.then(step);
      queue = result.catch(() => {});
      return result;
    },
    /** Stops sending (the loop was left): requests in flight are aborted, the source closed. */
    return(value) {
      finished = true;
      stop();
      return Promise.resolve({ done: true, value });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}

/**
 * Relationships of any number of users as an async iterator: one `{ userId, channels, error? }`
 * per input ID (repeats included), in input order, with `userIds` read lazily from any iterable
 * or async iterable. At most `concurrency` chunks of `chunkSize` users are between the source and
 * the loop, so memory stays bounded whatever the number of users. Leaving the loop stops sending;
 * an aborted `signal` too, and the pending `next()` rejects with `ABORTED`. A chunk that fails
 * after its retries yields each of its users with `error` and `channels: []`; a bad ID yields
 * itself with `INVALID_ARGUMENT` and is not sent.
 * @this {KakaoChannelAdmin}
 * @param {import('./server.js').RelationshipsOptions} options
 * @returns {AsyncIterableIterator<import('./server.js').AdminChannelRelationships>}
 */
function relationships(options) {
  return relationshipStream(this, options);
}

Object.defineProperty(KakaoChannelAdmin.prototype, 'relationships', { value: relationships, writable: true, configurable: true });
