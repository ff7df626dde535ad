import { parseArgs } from 'node:util';
import { PROTOCOL_VERSION } from '../protocol/index.js';
import { createLedger } from './create-ledger.js';
import { migrate } from './schema/migrate.js';
import { openDatabase, type DatabaseConfig } from './sql/open-database.js';
import { createMembers } from './store/member-store.js';
import { createTerminal, revokeTerminal } from './store/terminal-store.js';

const USAGE = `tillpoints-ledger: the reference central ledger of tillpoints (protocol ${PROTOCOL_VERSION})

Usage:
  tillpoints-ledger serve [--port 8080] [--host 127.0.0.1] [--data ./ledger-data | --database-url postgres://...]
                          [--admin-key tp_admin_...]        (or TILLPOINTS_ADMIN_KEY)
  tillpoints-ledger create-terminal --terminal T1 --store S1 [--label "Till 1"] [database options]
  tillpoints-ledger revoke-terminal --terminal T1 [database options]
  tillpoints-ledger create-member --member M1 [--card C] [--phone P] [--name N] [--points 100] [database options]

Database options: --data DIR (embedded PGlite, the default is ./ledger-data) or --database-url URL
(or DATABASE_URL). The embedded database admits one process at a time: run the admin
commands while the server is stopped, or use the admin HTTP endpoints.`;

function fail(message: string): never {
  console.error(`tillpoints-ledger: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'admin-key': { type: 'string' },
      terminal: { type: 'string' },
      store: { type: 'string' },
      label: { type: 'string' },
      member: { type: 'string' },
      card: { type: 'string' },
      phone: { type: 'string' },
      name: { type: 'string' },
      points: { type: 'string' },
    },
    strict: true,
  });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const database: DatabaseConfig = url
    ? { kind: 'postgres', url }
    : { kind: 'pglite', dataDir: values.data ?? './ledger-data' };

  if (command === 'serve') {
    const port = Number(values.port ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0..65535');
    const adminKey = values['admin-key'] ?? process.env.TILLPOINTS_ADMIN_KEY;
    const ledger = await createLedger({ database, ...(adminKey ? { adminKey } : {}) });
    const address = await ledger.listen(port, values.host ?? '127.0.0.1');
    console.log(`tillpoints-ledger listening on ${address} (${ledger.database.kind})`);
    if (!adminKey) console.log(`admin key (new, keep it): ${ledger.adminKey}`);
    const stop = () => void ledger.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }

  const db = await openDatabase(database);
  try {
    await migrate(db);
    if (command === 'create-terminal') {
      if (!values.terminal || !values.store) fail('create-terminal needs --terminal and --store');
      const key = await createTerminal(db, {
        terminalId: values.terminal,
        storeId: values.store,
        label: values.label,
      });
      console.log(key);
    } else if (command === 'revoke-terminal') {
      if (!values.terminal) fail('revoke-terminal needs --terminal');
      if (!(await revokeTerminal(db, values.terminal))) fail(`no terminal ${values.terminal}`);
      console.log(`revoked ${values.terminal}`);
    } else if (command === 'create-member') {
      if (!values.member) fail('create-member needs --member');
      const points = values.points === undefined ? undefined : Number(values.points);
      if (points !== undefined && (!Number.isSafeInteger(points) || points < 0))
        fail('--points must be a whole number');
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
        ),
      );
      console.log(JSON.stringify(member));
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
  process.exit(1);
});
