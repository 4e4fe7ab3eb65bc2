import { loadConfig } from '../../config.js';
import { openDatabase } from '../db/index.js';
import { verifyChain } from './chain.js';

// npm run audit:verify — exits 1 and names the first tampered row if the chain is broken.
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const report = await verifyChain(database.db);
  if (report.firstBroken) {
    const b = report.firstBroken;
    console.error(
      `Audit log tampered: row ${b.seq} (partnership ${b.partnershipId ?? 'none'}) ${b.reason}. ` +
        `${report.checked} rows before it are intact.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`Audit log intact: ${report.checked} rows checked.`);
  }
} finally {
  await database.close();
}
