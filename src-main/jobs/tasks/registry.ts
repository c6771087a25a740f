// Every task a run can execute, in one place: adding an analysis means adding a module here,
// never touching the transports.
import type { AnalysisInfo } from '../../../src-shared/api.ts';
import type { TaskDefinition } from './types.ts';
import { extractEmbeddingsTask, predictTask, trainCnnTask } from './model-tasks.ts';
import { linearProbeTask } from './linear-probe.ts';
import { spuriousTask } from './spurious.ts';
import { verifyImagesTask } from './verify-images.ts';

const tasks = [spuriousTask, trainCnnTask, extractEmbeddingsTask, predictTask, linearProbeTask, verifyImagesTask] as unknown as TaskDefinition<never>[];

export function findTask(id: string): TaskDefinition<unknown> | undefined {
  return tasks.find((t) => t.id === id) as TaskDefinition<unknown> | undefined;
}

export function listTasks(): AnalysisInfo[] {
  return tasks.map((t) => ({ id: t.id, title: t.title, description: t.description, defaults: t.defaults }));
}
