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
  return new RelationshipStream(admin, options);
}

/**
 * One `relationships()` run: a window of at most `concurrency` chunks, each sent as soon as it is
 * read, yielded in input order. `next()` calls run one after another, whoever calls them; a
 * failure to start (bad options, a source that is not iterable) rejects the first `next()`.
 */
class RelationshipStream {
  #plan = null; // the wasm's chunk sender (src/stream.rs), with chunkSize and concurrency
  #source = null; // { iterator, isAsync }
  #failure = null; // rejects the next next(), then the iterator is done
  #exhausted = false; // the source is done (or failed: #failure)
  #signal;
  /** Stops the requests in flight when the caller breaks out or its signal fires. */
  #controller = new AbortController();
  /** Chunks in input order, sent or answered, not yet fully yielded: { promise, items, error }. */
  #window = [];
  #yielded = 0; // items of #window[0] already yielded
  #offset = 0; // input index of the next chunk's first ID
  #batch = 0;
  #reading = false;
  #stopped = false; // return() or abort: send nothing more
  #finished = false; // next() answers done
  #wake = null;
  #aborted = null; // rejects with ABORTED once the caller's signal fires
  #onAbort = null;
  #queue = Promise.resolve();

  constructor(admin, options) {
    // Own bound methods, as the plain iterator object this class replaced had: a detached
    // `const { next } = stream` keeps working.
    this.next = this.next.bind(this);
    this.return = this.return.bind(this);
    try {
      if (!(admin instanceof KakaoChannelAdmin) || admin.__wbg_ptr === 0) {
        throw new KakaoChannelError('INVALID_ARGUMENT', 'relationships() must be called on a live KakaoChannelAdmin, as admin.relationships(…): not as a detached function, nor after free().');
      }
      this.#plan = admin.__relationshipChunks(options);
      this.#source = openSource(options.userIds);
    } catch (err) {
      this.#failure = asKakaoError(err, 'INVALID_ARGUMENT', `relationships() could not start: ${err?.message ?? err}`);
      this.#exhausted = true;
      return;
    }
    this.#signal = options.signal;
    if (this.#signal) this.#watch(this.#signal);
  }

  get #chunkSize() {
    return this.#plan?.chunkSize ?? 1;
  }

  get #concurrency() {
    return this.#plan?.concurrency ?? 1;
  }

  /** Rejects `#aborted` (and stops) when `signal` fires, or at once if it has. */
  #watch(signal) {
    this.#aborted = new Promise((_, reject) => {
      this.#onAbort = () => {
        this.#stop();
        reject(abortedError());
      };
    });
    this.#aborted.catch(() => {}); // observed by the pending next(), if any
    if (signal.aborted) this.#onAbort();
    else signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  #raceAbort(promise) {
    return this.#aborted ? Promise.race([promise, this.#aborted]) : promise;
  }

  #notify() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #changed() {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #stop() {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#controller.abort();
    this.#window.length = 0;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    if (this.#source && !this.#exhausted) {
      this.#exhausted = true;
      // Like `for…of` on an early exit: let the source close (a file, a cursor). Not awaited: a
      // source stuck in next() must not hold up the caller.
      try {
        Promise.resolve(this.#source.iterator.return?.()).catch(() => {});
      } catch {
        // a throwing return() changes nothing here
      }
    }
    this.#notify();
  }

  /** Up to chunkSize IDs from the source, and its error if reading failed; sets `#exhausted`. */
  async #readChunk() {
    const ids = [];
    const { iterator, isAsync } = this.#source;
    try {
      while (ids.length < this.#chunkSize) {
        const item = isAsync ? await iterator.next() : iterator.next();
        if (this.#stopped) return { ids: [] };
        if (item === null || typeof item !== 'object') throw new TypeError('the userIds iterator returned a non-object from next()');
        if (item.done) {
          this.#exhausted = true;
          break;
        }
        ids.push(item.value);
      }
    } catch (err) {
      this.#exhausted = true;
      return { ids, error: asKakaoError(err, 'INVALID_ARGUMENT', `reading userIds failed: ${err?.message ?? err}`) };
    }
    return { ids };
  }

  #hasRoom() {
    return !this.#exhausted && !this.#stopped && this.#window.length < this.#concurrency;
  }

  /** Reads and sends chunks while the window has room; one reader at a time. */
  async #fill() {
    if (this.#reading || !this.#hasRoom()) return;
    this.#reading = true;
    try {
      while (this.#hasRoom()) {
        const { ids, error } = await this.#readChunk();
        if (error) this.#failure = error; // surfaces after the IDs read before it
        if (this.#stopped || ids.length === 0) break;
        this.#send(ids);
      }
    } finally {
      this.#reading = false;
      this.#notify();
    }
  }

  /** Sends one chunk and puts it at the end of the window. */
  #send(ids) {
    const entry = { items: null, error: null, promise: null };
    entry.promise = this.#plan.send(ids, this.#offset, this.#batch, this.#controller.signal).then(
      (items) => {
        entry.items = items;
      },
      (err) => {
        entry.error = err;
      },
    );
    this.#offset += ids.length;
    this.#batch += 1;
    this.#window.push(entry);
    this.#notify();
  }

  #finish() {
    this.#finished = true;
    this.#stop();
    return { done: true, value: undefined };
  }

  /** One next(): any throw ends the iterator. */
  async #step() {
    try {
      return await this.#advance();
    } catch (err) {
      this.#finished = true;
      this.#stop();
      throw err;
    }
  }

  /** The next result: from the window's head chunk once it is answered, else after more is read. */
  async #advance() {
    for (;;) {
      if (this.#finished) return { done: true, value: undefined };
      if (this.#signal?.aborted) throw abortedError();
      const head = this.#window[0];
      if (head) {
        if (head.items === null && head.error === null) {
          await this.#raceAbort(head.promise);
          continue;
        }
        const result = this.#take(head);
        if (result) return result;
        continue;
      }
      if (this.#exhausted && !this.#reading) {
        if (this.#failure) throw this.#failure;
        return this.#finish();
      }
      const woken = this.#changed();
      this.#fill();
      await this.#raceAbort(woken);
    }
  }

  /** The answered head chunk's next item (refilling the window once it is used up), its error
   * thrown, or null when it held nothing more. */
  #take(head) {
    if (head.error) {
      const err = head.error;
      throw isKakaoChannelError(err) && err.code === 'ABORTED' ? abortedError() : err;
    }
    if (this.#yielded < head.items.length) {
      const value = head.items[this.#yielded];
      this.#yielded += 1;
      if (this.#yielded === head.items.length) {
        this.#window.shift();
        this.#yielded = 0;
        this.#fill();
      }
      return { done: false, value };
    }
    this.#window.shift();
    this.#yielded = 0;
    return null;
  }

  /** The next result; calls run one after another, whoever makes them. */
  next() {
    const result = this.#queue.then(() => this.#step());
    this.#queue = result.catch(() => {});
    return result;
  }

  /** Stops sending (the loop was left): requests in flight are aborted, the source closed. */
  return(value) {
    this.#finished = true;
    this.#stop();
    return Promise.resolve({ done: true, value });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
