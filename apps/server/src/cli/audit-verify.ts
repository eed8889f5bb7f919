// `npm run audit:verify`: exits 0 when the ledger is intact, 1 naming the first bad entry.
import { loadConfig } from '../platform/config.ts';
import { openPlatform } from '../platform/bootstrap.ts';
import { verifyAuditLedger } from '../platform/audit/verify.ts';

const platform = await openPlatform(loadConfig());
try {
  const result = await verifyAuditLedger(platform.ctx.db);
  if (result.isIntact) {
    console.log(`audit ledger intact: ${result.entries} entries on ${result.chains} chains`);
  } else {
    const p = result.problem!;
    console.error(
      `audit ledger BROKEN at chain ${p.chain}, entry ${p.seq}${p.id === null ? '' : ` (row id ${p.id})`}: ${p.reason}`,
    );
    process.exitCode = 1;
  }
} finally {
  await platform.close();
}
