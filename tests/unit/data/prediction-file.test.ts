import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src-shared/errors.ts';
import { readPredictionFile, sha256File } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, rejectionOf, writeText } from './helpers.ts';

const tmp = makeTempDir('predictions');
afterAll(() => tmp.cleanup());
const csv = (name: string, text: string): string => writeText(join(tmp.dir, name), text);
const BIRDS = ['landbird', 'waterbird'];

describe('readPredictionFile', () => {
  it('id + predicted label column', async () => {
    const path = csv('labels.csv', 'img_id,y_pred\n3,waterbird\n1,landbird\n');
    const p = await readPredictionFile(path, { classNames: BIRDS });
    expect(p).toEqual({ ids: ['3', '1'], predicted: ['waterbird', 'landbird'], scores: null, cols: 0, sha256: await sha256File(path) });
  });

  it('class indices (and 1.0-style numbers) are read as classes when no class name is a number', async () => {
    const p = await readPredictionFile(csv('idx.csv', 'prediction\n1\n0\n'), { classNames: BIRDS });
    expect(p.predicted).toEqual(['waterbird', 'landbird']);
    expect(p.ids).toBeNull();
    const q = await readPredictionFile(csv('num.csv', 'pred\n1.0\n0\n'), { classNames: ['0', '1'] });
    expect(q.predicted).toEqual(['1', '0']);
  });

  it('score_<i> columns: predicted is the arg-max', async () => {
    const p = await readPredictionFile(csv('scores.tsv', 'id\tscore_1\tscore_0\na\t0.9\t0.1\nb\t0.2\t0.8\n'), { classNames: BIRDS });
    expect(p.predicted).toEqual(['waterbird', 'landbird']);
    expect(Array.from(p.scores!)).toEqual([0.1, 0.9, 0.8, 0.2].map(Math.fround));
    expect(p.cols).toBe(2);
  });

  it('columns named after the classes, plus prob_<class>', async () => {
    const a = await readPredictionFile(csv('byname.csv', 'id,landbird,waterbird\nx,-1.5,2\n'), { classNames: BIRDS });
    expect([a.predicted, Array.from(a.scores!)]).toEqual([['waterbird'], [-1.5, 2]]);
    const b = await readPredictionFile(csv('prob.csv', 'id,prob_waterbird,prob_landbird,predicted\nx,0.3,0.7,waterbird\n'), { classNames: BIRDS });
    // An explicit label column wins over the scores' arg-max.
    expect([b.predicted, Array.from(b.scores!)]).toEqual([['waterbird'], [0.7, 0.3].map(Math.fround)]);
  });

  it.each([
    ['unknown.csv', 'id,pred\na,landbird\nb,seabird\n', /row 3, column "pred": "seabird" is not a class of this dataset\. Classes: "landbird", "waterbird" \(or their indices 0\.\.1\)/, { row: 3, column: 'pred' }],
    ['emptylabel.csv', 'id,pred\na,\n', /row 2, column "pred": no predicted label/, { row: 2, column: 'pred' }],
    ['nan.csv', 'id,score_0,score_1\na,0.1,NaN\n', /row 2, column "score_1": score is NaN/, { row: 2, column: 'score_1' }],
    ['text.csv', 'id,score_0,score_1\na,0.1,high\n', /row 2, column "score_1": score is "high", not a number/, { row: 2, column: 'score_1' }],
    ['ragged.csv', 'id,pred\na,landbird\nb,landbird,extra\n', /row 3 has 3 fields but the header has 2/, { row: 3 }],
    ['emptyid.csv', 'id,pred\n,landbird\n', /row 2 has an empty id in column "id"/, { row: 2, column: 'id' }],
    ['nothing.csv', 'id,foo\na,1\n', /no predicted-label column \(pred, prediction, predicted or y_pred\) and no score column per class.*Its columns: "id", "foo"/, { row: 1 }],
    ['partial.csv', 'id,score_0\na,1\n', /score columns "score_0" do not match the dataset's 2 classes .*no column for "waterbird"/, { row: 1 }],
    ['header.csv', 'id,pred\n', /has a header but no data rows/, {}],
  ])('%s', async (name, text, message, details) => {
    const path = csv(name, text);
    const e = await rejectionOf(readPredictionFile(path, { classNames: BIRDS }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(message);
    expect(e.details).toEqual({ file: path, ...details });
  });

  it('numeric class names are not read as indices', async () => {
    const path = csv('numeric.csv', 'pred\n2\n0\n');
    const e = await rejectionOf(readPredictionFile(path, { classNames: ['1', '2', '3'] }));
    expect(e.message).toMatch(/row 3, column "pred": "0" is not a class of this dataset\. Classes: "1", "2", "3"\.$/);
  });

  it('idKey names the id column', async () => {
    const p = await readPredictionFile(csv('key.csv', 'file,pred\nq.jpg,landbird\n'), { idKey: 'file', classNames: BIRDS });
    expect(p.ids).toEqual(['q.jpg']);
    const e = await rejectionOf(readPredictionFile(csv('key2.csv', 'file,pred\nq.jpg,landbird\n'), { idKey: 'name', classNames: BIRDS }));
    expect(e.message).toMatch(/has no column "name" for the sample ids\. Its columns: "file", "pred"/);
  });
});
