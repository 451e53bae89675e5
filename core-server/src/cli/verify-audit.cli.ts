// Verifies every organisation's audit hash chain: `npm run audit:verify -w @likeness/core-server`.
// Exit code 0 when all chains hold, 2 when one is broken.
import { loadConfig } from '../kernel/config';
import { connectDatabase } from '../db/prisma.client';
import { adminRepositories } from '../modules/admin';
import { AuditService } from '../modules/admin/audit.service';

const config = loadConfig();
const db = await connectDatabase(config.databaseUrl);
const repos = adminRepositories(db);
const audit = new AuditService(repos);

let broken = 0;
for (const tenant of await repos.tenants.listAll()) {
  const result = await audit.verify(tenant.id);
  if (!result.valid) broken++;
  console.log(
    result.valid
      ? `ok      ${tenant.slug}: ${result.checked} rows, chain intact`
      : `BROKEN  ${tenant.slug}: first broken row seq ${result.firstBrokenSeq} (after ${result.checked} intact rows)`,
  );
}
await db.$disconnect();
process.exit(broken ? 2 : 0);
