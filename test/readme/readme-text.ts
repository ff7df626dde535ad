import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The README as a vendor reads it. */
export function readme(): string {
  return readFileSync(new URL('README.md', `file://${REPO_ROOT}`), 'utf8');
}

/**
 * The text of the section under `heading` (a whole heading line, e.g. `## Errors`), up to the
 * next heading of the same or a higher level. Throws when the heading is missing, so a test
 * never passes on an empty section.
 */
export function section(text: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === heading);
  if (start < 0) throw new Error(`the README has no heading "${heading}"`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => {
    const m = /^(#+) /.exec(line);
    return m !== null && m[1]!.length <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** One fenced code block marked `<!-- tested: NAME -->` on the line before its fence. */
export interface TestedBlock {
  readonly name: string;
  readonly lang: string;
  readonly code: string;
}

/** Every marked code block, in the README's order. */
export function testedBlocks(text: string): TestedBlock[] {
  const blocks: TestedBlock[] = [];
  const marked = /<!-- tested: ([a-z0-9 -]+?) -->\n```(\w*)\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(marked)) blocks.push({ name: m[1]!, lang: m[2]!, code: m[3]! });
  return blocks;
}

/** The backticked words of a text: `code` spans holding one identifier-like word. */
export function backticked(text: string): Set<string> {
  return new Set([...text.matchAll(/`([a-z][a-z0-9_]*)`/g)].map((m) => m[1]!));
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
}

/** The headings of a level (`##`), without their hashes, outside code blocks. */
export function headings(text: string, level: number): string[] {
  const outsideCode = text.replace(/```[\s\S]*?```/g, '');
  const marker = '#'.repeat(level);
  return [...outsideCode.matchAll(new RegExp(`^${marker} (.+)$`, 'gm'))].map((m) => m[1]!.trim());
}
