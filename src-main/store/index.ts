export * from './database.ts';
export * from './paths.ts';
export * from './datasets-repo.ts';
export * from './array-sets-repo.ts';
export * from './array-files.ts';
export * from './runs-repo.ts';
export * from './settings-repo.ts';
export { migrations } from './migrations.ts';
export * from './models-repo.ts';
