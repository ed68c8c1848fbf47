/**
 * One search that finds something wherever any of several patterns would: their sources as
 * alternatives under every flag any of them has ("i", "m"), flags that only widen what a pattern
 * matches. A text it finds nothing in is spared the search of each pattern: for a list of phrases
 * looked for in a paragraph (the command a bounce names, the host that refused), one scan instead
 * of a dozen. Only for patterns whose meaning survives the joining: no other flag ("s" would make
 * "." narrower once dropped), no backreference (the group numbers shift), no named group (names
 * would repeat), and a negative lookaround only in a pattern that has every flag already (a wider
 * lookaround refuses more).
 */
export function anyPattern(patterns: readonly RegExp[]): RegExp {
  const flags = [...new Set(patterns.flatMap((re) => [...re.flags]))].sort().join('');
  for (const re of patterns) {
    const joinable = !/[^im]/.test(re.flags) && !/\\[1-9k]|\(\?<(?![=!])/.test(re.source)
      && (re.flags.length === flags.length || !/\(\?<?!/.test(re.source));
    if (!joinable) throw new Error(`anyPattern cannot join /${re.source}/${re.flags}`);
  }
  return new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), flags);
}
