import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hover, parseDocument, resolveOptions } from '../../../server/src/service';
import { catalog, FIXTURES } from './helpers';

const TEXT = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');

function hoverAt(line: number, needle: string, lang: 'en' | 'zh-cn' = 'en'): string | undefined {
  const character = TEXT.split('\n')[line].indexOf(needle) + 2;
  const found = hover(parseDocument(TEXT, 'maillog'), catalog, { line, character }, resolveOptions({ language: lang }));
  return found && typeof found.contents === 'object' && 'value' in found.contents ? found.contents.value : undefined;
}

test('hover on Postfix delays=a/b/c/d: each part named, the largest in bold, in English and Chinese', () => {
  // Line 9: "delay=1804, delays=1800/0.01/2/2": half an hour before the queue manager took it again.
  const en = hoverAt(8, 'delays=');
  assert.match(en ?? '', /before the queue manager \*\*1800\*\* · in the queue manager 0\.01 · connection setup 2 · transmission 2/);
  assert.match(en ?? '', /\*\*d\*\* transmission/);
  assert.match(hoverAt(8, 'delays=', 'zh-cn') ?? '', /进入队列管理器前 \*\*1800\*\*/);
  // Elsewhere on the line the hover is another one.
  assert.doesNotMatch(hoverAt(8, 'relay=') ?? '', /queue manager/);
});
