import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesExist } from '../../../src-main/engine/data/table/file-checks.ts';
import { mapLimit } from '../../../src-main/engine/data/concurrency.ts';
import { toMediaPath } from '../../../src-main/engine/data/table/media-path.ts';
import { makeTempDir, writeText } from './helpers.ts';

const tmp = makeTempDir('file-checks');
beforeAll(() => {
  writeText(join(tmp.dir, 'a/x.png'), 'x');
  writeText(join(tmp.dir, 'b/y.png'), 'y');
  mkdirSync(join(tmp.dir, 'a/folder.png'));
  symlinkSync(join(tmp.dir, 'b/y.png'), join(tmp.dir, 'a/link.png'));
  symlinkSync(join(tmp.dir, 'a/nowhere.png'), join(tmp.dir, 'a/dangling.png'));
});
afterAll(() => tmp.cleanup());

describe('filesExist', () => {
  it('answers per path from folder listings, following symlinks and refusing folders', async () => {
    const paths = ['a/x.png', 'b/y.png', 'a/missing.png', 'nofolder/z.png', 'a/folder.png', 'a/link.png', 'a/dangling.png', '../' + tmp.dir.split('/').pop() + '/a/x.png'];
    expect(await filesExist(tmp.dir, paths)).toEqual([true, true, false, false, false, true, false, true]);
  });
});

describe('mapLimit', () => {
  it('keeps order with bounded concurrency', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (v) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, v));
      active--;
      return v * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

describe('toMediaPath', () => {
  it.each([
    ['img/a.png', 'img/a.png'],
    ['  img/a.png ', 'img/a.png'],
    ['./img//a.png', 'img/a.png'],
    ['img\\sub\\a.png', 'img/sub/a.png'],
    ['/root/data/img/a.png', 'img/a.png'],
    ['img/../other/a.png', 'other/a.png'],
    ['', null],
    ['.', null],
  ])('%j -> %j', (raw, expected) => {
    expect(toMediaPath(raw, '/root/data')).toBe(expected);
  });
});
