import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareTemplate } from './support/database.js';

// npm test: prepare one migrated database, then run every *.test.ts, each file on its own copy.
// `npm test -- src/platform` runs the files under a path; `--browser` only the browser journeys.
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const filters = args.filter((a) => !a.startsWith('--'));

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? find(path) : path.endsWith('.test.ts') ? [path] : [];
  });
}

let files = [...find('src'), ...find('test')].sort();
if (browserOnly)
  files = files.filter((f) => f.startsWith('test/browser/') || f.endsWith('.browser.test.ts'));
if (filters.length)
  files = files.filter((f) => filters.some((p) => f.startsWith(p) || f.includes(p)));
if (!files.length) {
  console.error('No test files matched.');
  process.exit(1);
}

const template = await prepareTemplate();
console.log(
  `Testing on ${template.kind === 'server' ? 'the PostgreSQL server (DATABASE_URL)' : 'embedded PGlite'}: ${files.length} files`,
);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  { stdio: 'inherit', env: { ...process.env, ...template.env, NODE_ENV: 'test' } },
);
child.on('exit', (code) => {
  void template.cleanup().finally(() => process.exit(code ?? 1));
});
