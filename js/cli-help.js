// The CLI's help texts and version (js/cli.js): one place for what `--help` says, exit codes
// included.
import { readFileSync } from 'node:fs';
import { LIMITS } from './cli-input.js';
import { fmt } from './cli-output.js';

// The SDK's limits and defaults (src/admin/rules.rs), as the help states them.
const { maxChunkSize, maxBatchSize, defaultConcurrency, maxRetries, defaultRetries } = LIMITS;
const BATCH_SIZE_HELP = `  --batch-size N      users a request, 1..${maxBatchSize} (default ${maxBatchSize})`;

export const VERSION = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
})();

// ---- usage ----------------------------------------------------------------------------------------

const ENV_HELP = `Environment:
  KAKAO_ADMIN_KEY   the app's admin key (required). There is no flag for it: command-line flags
                    are kept in shell history and shown to every local user by \`ps\`.
  KAKAO_API_HOST    API origin instead of https://kapi.kakao.com (a test server); --api-host wins.`;

const CONNECTION_HELP = `  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)
  --concurrency N     requests in flight at once (default ${defaultConcurrency})
  --retries N         retries of a failed request: 429, -10, 5xx, network (0..${maxRetries}, default ${defaultRetries})
  --timeout-ms N      per-request timeout
  --no-progress       no progress bar on stderr
  -h, --help          this help`;

const EXIT_HELP = `Exit status: 0 success; 1 a batch or user failed, or Kakao refused the call (errors are
listed on stderr); 2 usage or input error (nothing was changed); 130 interrupted (Ctrl-C).`;

export const HELP = {
  main: `kakao-channel ${VERSION}: Kakao Talk Channel tools for servers

Usage:
  kakao-channel parse <url-or-id>                 print a channel's public ID
  kakao-channel relationship --users <file>       which channels each user added or blocked
  kakao-channel customers list --channel <id>     the channel's customer files
  kakao-channel customers create ...              register a customer file
  kakao-channel customers add --file <csv> ...    upload users to a customer file
  kakao-channel customers delete --file <csv> ... remove users from a customer file

Run \`kakao-channel <command> --help\` for a command's options.

${ENV_HELP}

${EXIT_HELP}`,

  parse: `Usage: kakao-channel parse <url-or-id>

Prints the channel public ID (_ZeUTxl) of a public ID or a pf.kakao.com URL. Needs no key.
On a bad input prints "error CODE: message" to stderr and exits 2 (an input error).

Example:
  kakao-channel parse https://pf.kakao.com/_ZeUTxl/chat     # _ZeUTxl`,

  relationship: `Usage: kakao-channel relationship [--users <file>] [options]   (or IDs on stdin)

Checks each user's relation (ADDED, BLOCKED, NONE) to the app's channels, ${maxChunkSize} users a request.
Streams: IDs are read line by line and each result is written as soon as its request is answered,
so any number of users runs in bounded memory.

  --users FILE        one service user ID a line, or a CSV whose header has a user_id or id column
                      (else its first column is used). IDs are kept exactly as written. "-" or no
                      --users: read standard input (then a bad ID is reported as that user's error).
                      A file is checked whole before anything is sent.
  --channels LIST     comma-separated channel IDs or URLs (default: every channel of the app)
  --chunk-size N      users a request, 1..${maxChunkSize} (default ${maxChunkSize})
  --format F          ndjson (default; jsonl is the same): {"userId","channels":[...]} a line,
                      "error" when it failed; csv: user_id,channel_public_id,relation,updated_at,error
                      (a row a channel)
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}

Examples:
  KAKAO_ADMIN_KEY=... kakao-channel relationship --users users.csv --format csv > relations.csv
  psql -Atc 'select kakao_id from members' | kakao-channel relationship > relations.ndjson`,

  customers: `Usage: kakao-channel customers <list|create|add|delete> [options]

  customers list   --channel <id-or-url> [--json]
  customers create --channel <id-or-url> --name <file name> --schema name:string,points:number
  customers add    --file <csv> --channel <id-or-url> --file-id <n> [--user-type app|phone]
  customers delete --file <csv> --channel <id-or-url> --file-id <n> [--user-type app|phone]

Run \`kakao-channel customers <subcommand> --help\` for details.

${ENV_HELP}`,

  'customers list': `Usage: kakao-channel customers list --channel <id-or-url> [--json]

Lists the channel's customer files: ID, name and schema (--json: Kakao's answer as the SDK gives it).
  --channel ID        channel public ID or pf.kakao.com URL
  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)

${ENV_HELP}`,

  'customers create': `Usage: kakao-channel customers create --channel <id-or-url> --name <file name> --schema <fields>

Registers a customer file and prints its file ID on stdout. A schema cannot be changed later.
  --channel ID        channel public ID or pf.kakao.com URL
  --name NAME         the file's name (unique on the channel)
  --schema FIELDS     comma-separated name:type, type string or number, e.g. name:string,points:number
  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)

${ENV_HELP}`,

  'customers add': `Usage: kakao-channel customers add --file <csv> --channel <id-or-url> --file-id <n> [options]

Uploads the users of a CSV file to a customer file, ${fmt(maxBatchSize)} users a request.
The CSV needs a header: an id column (id, user_id or phone) and any of the file's schema fields.
Values of number fields must be numbers (1234, -5, 12.5); empty cells are left out. The schema is
read from Kakao first, and every row is checked before anything is sent.

  --file CSV          the users (UTF-8; quotes, CRLF and a BOM are fine)
  --channel ID        channel public ID or pf.kakao.com URL
  --file-id N         the customer file (see \`customers list\`)
  --user-type T       app (app user IDs, default) or phone; phone when the id column is "phone"
${BATCH_SIZE_HELP}
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}

Example (members.csv: "user_id,name,points" then one user a line):
  KAKAO_ADMIN_KEY=... kakao-channel customers add --file members.csv --channel _ZeUTxl --file-id 123`,

  'customers delete': `Usage: kakao-channel customers delete --file <csv> --channel <id-or-url> --file-id <n> [options]

Removes users from a customer file, ${fmt(maxBatchSize)} users a request. The file holds one ID a line, or a CSV
whose header has an id, user_id or phone column (other columns are ignored).

  --file FILE         the users to remove
  --channel ID        channel public ID or pf.kakao.com URL
  --file-id N         the customer file (see \`customers list\`)
  --user-type T       app (default) or phone; phone when the id column is "phone"
${BATCH_SIZE_HELP}
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}`,
};
