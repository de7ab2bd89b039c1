// Public API of the clearing engine (pure: no I/O, no AWS).
export { validateBook, type BookIssue, type BookValidation } from './validate-book';
export { clearBook, DEFAULT_TIME_LIMIT_MS, type ClearOptions, type StoppedBy } from './clear-book';
export { canonicalBook, bookDigest, compareCodePoints } from './canonical';
export { serializeResult } from './serialize-result';
export { CURRENT_ENGINE, ENGINE_VERSIONS, EngineVersionSchema, engineOfResult, type EngineVersion } from './engine-version';
