import fs from 'node:fs';
import { migrateDeploy } from '../../src/db/migrate';
import { SQLITE_TEMPLATE, TEMPLATE_DB, adminQuery, testPostgresUrl, withDatabase } from './databases';

/** Migrates one template database; each test file clones it, which is far faster than migrating again. */
export default async function setup() {
  if (testPostgresUrl) {
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
    await migrateDeploy(withDatabase(testPostgresUrl, TEMPLATE_DB));
  } else {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(SQLITE_TEMPLATE + suffix, { force: true });
    await migrateDeploy(`file:${SQLITE_TEMPLATE}`);
  }
}
