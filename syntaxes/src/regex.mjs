// Tiny combinators for writing TextMate (Oniguruma) regexes from named fragments.
//
// A fragment is { re, caps, n }: the regex source, the scope (or capture spec) of each of its
// capturing groups numbered from 1, and how many capturing groups it has. Sequencing fragments
// renumbers their captures, so a prefix written once can be reused in front of any rule and the
// rule's beginCaptures/endCaptures still line up.

/** Counts the capturing groups of a regex source: `(` not followed by `?`, or a named `(?<name>`. */
export function countGroups(re) {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c !== '(') continue;
    if (re[i + 1] !== '?') n++;
    else if (re[i + 2] === '<' && re[i + 3] !== '=' && re[i + 3] !== '!') n++;
  }
  return n;
}

/** Turns every capturing group of a source into a non-capturing one (for use inside lookarounds). */
export function uncapture(re) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      out += c + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    if (c === '(' && re[i + 1] !== '?') {
      out += '(?:';
      continue;
    }
    out += c;
  }
  return out;
}

export function frag(x) {
  if (typeof x === 'string') return { re: x, caps: {}, n: countGroups(x) };
  return x;
}

/** Wraps a fragment in a capturing group with the given scope name (or capture spec object). */
export function cap(x, spec) {
  const f = frag(x);
  const caps = { 1: spec };
  for (const [k, v] of Object.entries(f.caps)) caps[Number(k) + 1] = v;
  return { re: `(${f.re})`, caps, n: f.n + 1 };
}

export function seq(...xs) {
  let re = '';
  const caps = {};
  let n = 0;
  for (const f of xs.map(frag)) {
    re += f.re;
    for (const [k, v] of Object.entries(f.caps)) caps[Number(k) + n] = v;
    n += f.n;
  }
  return { re, caps, n };
}

export function alt(...xs) {
  const parts = [];
  xs.map(frag).forEach((f, i) => {
    if (i) parts.push('|');
    parts.push(f);
  });
  const s = seq(...parts);
  return { ...s, re: `(?:${s.re})` };
}

export function opt(x) {
  const f = frag(x);
  return { ...f, re: `(?:${f.re})?` };
}

/** A lookahead; its groups are made non-capturing so they never shift the numbering. */
export function ahead(x) {
  return { re: `(?=${uncapture(frag(x).re)})`, caps: {}, n: 0 };
}

export function notAhead(x) {
  return { re: `(?!${uncapture(frag(x).re)})`, caps: {}, n: 0 };
}

/** The plain source of a fragment with its groups made non-capturing. */
export function plain(x) {
  return uncapture(frag(x).re);
}

function capsJson(caps) {
  const out = {};
  for (const k of Object.keys(caps).map(Number).sort((a, b) => a - b)) {
    const v = caps[k];
    if (v === undefined || v === null) continue;
    out[String(k)] = typeof v === 'string' ? { name: v } : v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A `match` rule. */
export function match(x, name) {
  const f = frag(x);
  const rule = {};
  if (name) rule.name = name;
  rule.match = f.re;
  const captures = capsJson(f.caps);
  if (captures) rule.captures = captures;
  return rule;
}

/** A begin/end rule. */
export function block({ name, contentName, begin, end, patterns, applyEndPatternLast }) {
  const b = frag(begin);
  const e = frag(end);
  const rule = {};
  if (name) rule.name = name;
  if (contentName) rule.contentName = contentName;
  rule.begin = b.re;
  const bc = capsJson(b.caps);
  if (bc) rule.beginCaptures = bc;
  rule.end = e.re;
  const ec = capsJson(e.caps);
  if (ec) rule.endCaptures = ec;
  if (applyEndPatternLast) rule.applyEndPatternLast = 1;
  if (patterns) rule.patterns = patterns;
  return rule;
}

export const include = (ref) => ({ include: ref });
export const includes = (...refs) => refs.map(include);

export const R = String.raw;
