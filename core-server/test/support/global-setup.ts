import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { migrateDeploy } from '../../src/db/migrate';
import { adminQuery, templateForRun, testPostgresUrl, withDatabase } from './databases';

const removeSqlite = (file: string) => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
};

/** Migrates one template database; each test file clones it, which is far faster than migrating again. */
export default async function setup(project: TestProject) {
  const template = templateForRun();
  if (testPostgresUrl) {
    await adminQuery(`CREATE DATABASE ${template}`);
    await migrateDeploy(withDatabase(testPostgresUrl, template));
  } else {
    await migrateDeploy(`file:${template}`);
  }
  project.provide('databaseTemplate', template);
  return async () => {
    if (testPostgresUrl) await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    else removeSqlite(template);
  };
}
