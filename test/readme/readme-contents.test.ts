import { describe, expect, it } from 'vitest';
import { anchorOf, headings, readme } from './readme-text.js';

describe('the README', () => {
  const text = readme();
  const contents = /^\*\*Contents:\*\* (.+)$/m.exec(text)?.[1] ?? '';

  it('lists every section in its contents line, in order', () => {
    const listed = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const sections = headings(text, 2).filter((h) => h !== 'Status').map(anchorOf);
    expect(listed).toEqual(sections);
  });

  it('links only to headings it has', () => {
    const anchors = new Set([2, 3, 4].flatMap((level) => headings(text, level)).map(anchorOf));
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });
});
