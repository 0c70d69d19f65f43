/** Builders for transaction envelopes and scripts, so every adapter words them the same way. */
import type { OffsetRange } from '../text/lineIndex';
import type { Direction, Directive, NonTransactionalHandling, Script, TransactionEnvelope } from './types';

const CODES = { 'per-migration': 'T1', 'all-pending': 'T2', implicit: 'T3', none: 'T4', 'script-managed': 'T5', unknown: '?' } as const;

export function envelope(
  kind: TransactionEnvelope['kind'],
  reason: string,
  extra: { directive?: Directive; nonTransactional?: NonTransactionalHandling } = {},
): TransactionEnvelope {
  return { kind, code: CODES[kind], reason, ...extra };
}

export function script(
  direction: Direction,
  file: string,
  range: OffsetRange,
  txEnvelope: TransactionEnvelope,
  execution: Script['execution'],
  extra: Pick<Script, 'pieces' | 'batches'> = {},
): Script {
  return { direction, file, range, envelope: txEnvelope, execution, ...extra };
}

/** The whole text of a file as a range. */
export function wholeFile(text: string): OffsetRange {
  return { start: 0, end: text.length };
}

/**
 * The script's SQL with the rest of the file blanked out (line breaks kept), so a parse of it has
 * the same offsets as the file. Used for scripts whose SQL sits in comments (Liquibase rollbacks)
 * and by the sandbox to run one section of a file.
 */
export function scriptText(target: Script, fileText: string): string {
  const keep = target.pieces ?? [target.range];
  let out = '';
  let cursor = 0;
  for (const piece of keep) {
    out += blank(fileText.slice(cursor, piece.start)) + fileText.slice(piece.start, piece.end);
    cursor = piece.end;
  }
  return out + blank(fileText.slice(cursor));
}

function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}
