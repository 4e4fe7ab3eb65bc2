import { defineConfig } from 'drizzle-kit';

// Tables are declared beside the code that owns them; drizzle-kit diffs them into SQL files.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/*/tables.ts', './src/modules/*/tables*.ts'],
  out: './migrations',
});
