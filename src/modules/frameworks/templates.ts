// The three starting templates live in ./templates/, one file each, to keep files small.
export * from './templates/index.js';
