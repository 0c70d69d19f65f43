import type { ToolId } from '../types';
import type { ToolAdapter } from './adapter';
import { dbmate } from './dbmate';
import { diesel } from './diesel';
import { drizzle } from './drizzle';
import { flyway } from './flyway';
import { golangMigrate } from './golangMigrate';
import { goose } from './goose';
import { liquibase } from './liquibase';
import { nodePgMigrate } from './nodePgMigrate';
import { plain } from './plain';
import { prisma } from './prisma';
import { sqlMigrate } from './sqlMigrate';
import { sqlx } from './sqlx';
import { supabase } from './supabase';

export const TOOL_ADAPTERS: Record<ToolId, ToolAdapter> = {
  flyway,
  liquibase,
  'golang-migrate': golangMigrate,
  dbmate,
  goose,
  'sql-migrate': sqlMigrate,
  sqlx,
  diesel,
  prisma,
  drizzle,
  supabase,
  'node-pg-migrate': nodePgMigrate,
  plain,
};

export function toolName(tool: ToolId): string {
  return TOOL_ADAPTERS[tool].name;
}
