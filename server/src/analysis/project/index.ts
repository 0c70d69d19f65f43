/** The migration project model: tools, order, up/down sections and transaction envelopes. */
export * from './types';
export { memoryFs, overlayFs, cachedFs, type ProjectFs, type DirEntry } from './fs';
export { detectTool, sniffTool, type DetectOptions } from './detect';
export { loadRoot, rootAt, findRootForFile, discoverRoots, locateFile, migrationLintContext, migrationLintContextForText, explicitRootsFromSettings, containsFile, type ExplicitRoot, type ProjectOptions } from './project';
export { scriptText } from './envelopes';
export { migrationTransactionStates, projectLintFindings, sectionAt } from './lintContext';
export { summarizeMigration, type MigrationSummary, type SectionSummary } from './summary';
export { toolName } from './tools/index';
