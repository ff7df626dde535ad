import { parseArgs } from 'node:util';
import { PROTOCOL_VERSION } from '../protocol/index.js';
import { readAdminKeyFile } from './auth/read-admin-key-file.js';
import { createLedger, type Ledger } from './create-ledger.js';
import { migrate } from './schema/migrate.js';
import { isDataDirInUseError } from './sql/data-dir-in-use-error.js';
import { isMissingDependencyError } from './sql/missing-dependency-error.js';
import { openDatabase, type DatabaseConfig } from './sql/open-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { createAdminKey, listAdminKeys, revokeAdminKey, rotateAdminKey } from './store/admin-key-store.js';
import { createMembers } from './store/member-store.js';
import { ledgerIds } from './clock/ledger-ids.js';
import { createTerminal, revokeTerminal } from './store/terminal-store.js';

const USAGE = `tillpoints-ledger: the reference central ledger of tillpoints (protocol ${PROTOCOL_VERSION})

Usage:
  tillpoints-ledger serve [--port 8080] [--host 127.0.0.1] [database options]
                          [--admin-key-file PATH | --admin-key tp_admin_...]   (or TILLPOINTS_ADMIN_KEY)
  tillpoints-ledger create-terminal --terminal T1 --store S1 [--label "Till 1"] [database options]
  tillpoints-ledger revoke-terminal --terminal T1 [database options]
  tillpoints-ledger create-member --member M1 [--card C] [--phone P] [--name N] [--points 100] [database options]
  tillpoints-ledger admin-key list [database options]
  tillpoints-ledger admin-key create [--label "CRM team"] [database options]
  tillpoints-ledger admin-key revoke --id ak_... [database options]
  tillpoints-ledger rotate-admin-key [--id ak_...] [--label L] [database options]

Admin keys: the first start of serve on a database without a live admin key makes one and
prints it once (it is stored only hashed); later starts make none. serve also accepts a
key of yours: from --admin-key-file (trimmed; the file must not be readable by other users,
chmod 600), else --admin-key (visible to other users in the process list), else
TILLPOINTS_ADMIN_KEY. A revoked key is refused. "admin-key create" and "rotate-admin-key"
print the new key on stdout; rotation makes a key and revokes the old one (--id, or the
only live key). The last live admin key cannot be revoked.

Database options: --data DIR (embedded PGlite, the default is ./ledger-data) or --database-url URL
(or DATABASE_URL). The embedded database admits one process at a time: while serve runs on
a data folder, the other commands on it are refused (exit code 2); use the admin HTTP
endpoints instead, or stop the server.

Each database needs its driver package installed beside tillpoints (optional peer
dependencies): npm install @electric-sql/pglite for --data, npm install pg for
--database-url. Without it the command names the package and exits with code 2.`;

function fail(message: string): never {
  console.error(`tillpoints-ledger: ${message}\n\n${USAGE}`);
  process.exit(2);
}

type Values = Record<string, string | undefined>;

function parse(args: string[]): Values {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'admin-key': { type: 'string' },
      'admin-key-file': { type: 'string' },
      terminal: { type: 'string' },
      store: { type: 'string' },
      label: { type: 'string' },
      member: { type: 'string' },
      card: { type: 'string' },
      phone: { type: 'string' },
      name: { type: 'string' },
      points: { type: 'string' },
      id: { type: 'string' },
    },
    strict: true,
  });
  return values;
}

function configuredAdminKey(values: Values): string | undefined {
  if (values['admin-key-file'] !== undefined && values['admin-key'] !== undefined) {
    fail('give --admin-key-file or --admin-key, not both');
  }
  const file = values['admin-key-file'];
  if (file !== undefined) {
    try {
      return readAdminKeyFile(file);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  return values['admin-key'] ?? (process.env.TILLPOINTS_ADMIN_KEY || undefined);
}

async function serve(values: Values, database: DatabaseConfig): Promise<void> {
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0..65535');
  const adminKey = configuredAdminKey(values);
  // Stop handlers first: a signal that arrives as soon as "listening" is printed must close
  // the ledger (and release its data folder), not kill the process mid-write.
  let ledger: Ledger | undefined;
  // close() settles in bounded time, but may reject (a database thread that had to be ended):
  // say so and exit 1, never an unhandled rejection.
  const stop = () =>
    void (ledger?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tillpoints-ledger: closing failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  ledger = await createLedger({ database, ...(adminKey ? { adminKey } : {}) });
  const address = await ledger.listen(port, values.host ?? '127.0.0.1');
  // The new key first, in the same write: whoever waits for "listening" has seen it too.
  const newKey = !adminKey && ledger.adminKey ? `admin key (new, shown only this once; keep it in a secret store): ${ledger.adminKey}\n` : '';
  process.stdout.write(`${newKey}tillpoints-ledger listening on ${address} (${ledger.database.kind})\n`);
}

async function adminKeyCommand(db: SqlDatabase, sub: string | undefined, values: Values): Promise<void> {
  if (sub === 'list') {
    console.log(JSON.stringify(await listAdminKeys(db), null, 2));
  } else if (sub === 'create') {
    const { key, apiKey } = await createAdminKey(db, values.label ?? 'created with the CLI', new Date().toISOString());
    console.error(`made admin key ${key.keyId}; it is shown only this once:`);
    console.log(apiKey);
  } else if (sub === 'revoke') {
    if (!values.id) fail('admin-key revoke needs --id (see admin-key list)');
    const revoked = await revokeAdminKey(db, values.id, new Date().toISOString());
    if (revoked.outcome === 'not_found') fail(`no admin key ${values.id}`);
    if (revoked.outcome === 'last_live_key') {
      fail(`${values.id} is the last live admin key; make another first (admin-key create), so nobody is locked out`);
    }
    console.log(`revoked ${revoked.key.keyId}`);
  } else {
    fail('admin-key needs list, create or revoke');
  }
}

async function rotateCommand(db: SqlDatabase, values: Values): Promise<void> {
  let keyId = values.id;
  if (!keyId) {
    const live = (await listAdminKeys(db)).filter((k) => k.revokedAt === null);
    if (live.length !== 1) fail(`there are ${live.length} live admin keys; name the one to rotate with --id`);
    keyId = live[0]!.keyId;
  }
  const rotated = await rotateAdminKey(db, keyId, values.label ?? 'rotated with the CLI', new Date().toISOString());
  if (rotated.outcome === 'not_found') fail(`no live admin key ${keyId}`);
  console.error(`revoked ${rotated.revoked.keyId}; new admin key ${rotated.created.key.keyId}, shown only this once:`);
  console.log(rotated.created.apiKey);
}

async function createMemberCommand(db: SqlDatabase, values: Values): Promise<void> {
  if (!values.member) fail('create-member needs --member');
  const points = values.points === undefined ? undefined : Number(values.points);
  if (points !== undefined && (!Number.isSafeInteger(points) || points < 0)) fail('--points must be a whole number');
  const [member] = await db.transaction((tx) =>
    createMembers(
      tx,
      [
        {
          memberId: values.member!,
          ...(values.card ? { cardNumber: values.card } : {}),
          ...(values.phone ? { phone: values.phone } : {}),
          ...(values.name ? { name: values.name } : {}),
          ...(points ? { openingPoints: points } : {}),
        },
      ],
      new Date().toISOString(),
      ledgerIds(),
    ),
  );
  console.log(JSON.stringify(member));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const sub = command === 'admin-key' ? rest[0] : undefined;
  const values = parse(command === 'admin-key' ? rest.slice(1) : rest);
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const database: DatabaseConfig = url
    ? { kind: 'postgres', url }
    : { kind: 'pglite', dataDir: values.data ?? './ledger-data' };

  if (command === 'serve') return serve(values, database);

  const db = await openDatabase(database);
  try {
    await migrate(db);
    if (command === 'create-terminal') {
      if (!values.terminal || !values.store) fail('create-terminal needs --terminal and --store');
      console.log(await createTerminal(db, { terminalId: values.terminal, storeId: values.store, label: values.label }, new Date().toISOString()));
    } else if (command === 'revoke-terminal') {
      if (!values.terminal) fail('revoke-terminal needs --terminal');
      if (!(await revokeTerminal(db, values.terminal, new Date().toISOString()))) fail(`no terminal ${values.terminal}`);
      console.log(`revoked ${values.terminal}`);
    } else if (command === 'create-member') {
      await createMemberCommand(db, values);
    } else if (command === 'admin-key') {
      await adminKeyCommand(db, sub, values);
    } else if (command === 'rotate-admin-key') {
      await rotateCommand(db, values);
    } else {
      fail(`unknown command ${command}`);
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`tillpoints-ledger: ${message}`);
  // A ledger that holds the data folder is the user's to stop, and a missing database
  // package the user's to install: neither is a fault of this one.
  process.exit(isDataDirInUseError(error) || isMissingDependencyError(error) ? 2 : 1);
});
