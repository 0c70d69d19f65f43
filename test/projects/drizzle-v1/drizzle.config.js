const { defineConfig } = require('drizzle-kit');
module.exports = defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle' });
